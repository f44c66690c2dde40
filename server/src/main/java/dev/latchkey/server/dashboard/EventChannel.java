package dev.latchkey.server.dashboard;

import dev.latchkey.server.infra.RedisStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where live dashboard events travel between nodes: each batch of audit events is appended to a capped Redis
 * stream (its entry id becomes the SSE event id, so a browser that reconnects with {@code Last-Event-ID} gets
 * what it missed) and, in the same atomic script, published on a pub/sub channel that every node with open
 * dashboards is subscribed to. One script keeps publication order equal to id order across nodes.
 */
final class EventChannel {

    /** Entries kept for reconnecting browsers (about the last few minutes of a busy server). */
    static final int KEEP = 2000;
    /** At most this many missed batches are replayed to one reconnecting browser. */
    static final int REPLAY = 200;

    private static final Pattern ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    private static final String PUBLISH = "local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[1]) "
            + "redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1]) return id";

    record Entry(String id, String json) {
    }

    private final RedisStore redis;
    private final String stream;
    private final String channel;

    EventChannel(RedisStore redis) {
        this.redis = redis;
        this.stream = redis.key("dash:events");
        this.channel = redis.key("dash:events:live");
    }

    String channel() {
        return channel;
    }

    /** Appends and publishes one batch (a JSON array); completes with its id. */
    Future<String> publish(String json) {
        return redis.send(Command.EVAL, PUBLISH, "2", stream, channel, json, String.valueOf(KEEP)).map(Response::toString);
    }

    /** The batches after {@code lastId} (exclusive), oldest first. */
    Future<List<Entry>> since(String lastId) {
        return redis.send(Command.XRANGE, stream, "(" + lastId, "+", "COUNT", String.valueOf(REPLAY)).map(r -> {
            List<Entry> out = new ArrayList<>();
            if (r != null) {
                for (int i = 0; i < r.size(); i++) {
                    Response entry = r.get(i);
                    Response fields = entry.get(1);
                    for (int f = 0; f + 1 < fields.size(); f += 2) {
                        if ("e".equals(fields.get(f).toString())) {
                            out.add(new Entry(entry.get(0).toString(), fields.get(f + 1).toString()));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** A live message is {@code "<id> <json>"}. */
    static Entry parse(String message) {
        int space = message.indexOf(' ');
        if (space <= 0 || !validId(message.substring(0, space))) {
            return null;
        }
        return new Entry(message.substring(0, space), message.substring(space + 1));
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
