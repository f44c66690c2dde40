package dev.latchkey.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.auth.Authenticator;
import dev.latchkey.server.config.ConfigLoader;
import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /admin/events}: what a browser receives, and what the server lets go of when it leaves. */
@ExtendWith(VertxExtension.class)
class EventStreamTest {

    private static final String PASSWORD = "admin password 2";
    private static TestServer t;
    private static Browser admin;
    private static HttpClient client;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "dashsse");
        t.createUser("sse_admin", PASSWORD, "admin");
        admin = Browser.signIn(t, "sse_admin", PASSWORD);
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() {
        client.close().await();
        t.close();
    }

    /** One open stream: its frames as they arrive. */
    private record Stream(HttpClientResponse response, LinkedBlockingQueue<Frame> frames) {
        Frame next(String event, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < end) {
                Frame f = frames.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (f != null && f.event().equals(event)) {
                    return f;
                }
            }
            throw new AssertionError("no '" + event + "' event within " + within);
        }

        void close() {
            response.request().connection().close();
        }
    }

    record Frame(String id, String event, String data) {
    }

    private static Stream open(String lastEventId) {
        return open(t.server.port(), lastEventId);
    }

    private static Stream open(int port, String lastEventId) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI("/admin/events").putHeader("Accept", "text/event-stream")
                .putHeader("Cookie", Authenticator.COOKIE + "=" + admin.session);
        if (lastEventId != null) {
            o.putHeader("Last-Event-ID", lastEventId);
        }
        LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        HttpClientResponse response = client.request(o).compose(req -> req.send()).await();
        assertEquals(200, response.statusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("text/event-stream"));
        StringBuilder buffer = new StringBuilder();
        response.handler(chunk -> {
            synchronized (buffer) {
                buffer.append(chunk.toString());
                int end;
                while ((end = buffer.indexOf("\n\n")) >= 0) {
                    String block = buffer.substring(0, end);
                    buffer.delete(0, end + 2);
                    String id = null;
                    String event = "message";
                    StringBuilder data = new StringBuilder();
                    for (String line : block.split("\n")) {
                        if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                    if (data.length() > 0) {
                        frames.add(new Frame(id, event, data.toString()));
                    }
                }
            }
        });
        return new Stream(response, frames);
    }

    private static long subscribers(String channel) {
        var r = t.services().redis().send(Command.PUBSUB, "NUMSUB", channel).await();
        return r.get(1).toLong();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(what);
    }

    /** Waits for the audit batch holding an event of {@code action} whose JSON mentions {@code text}. */
    private static Frame auditOf(Stream s, String action, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            Frame f = s.next("audit", Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            for (Object o : new JsonArray(f.data())) {
                JsonObject e = (JsonObject) o;
                if (action.equals(e.getString("action")) && e.encode().contains(text)) {
                    return f;
                }
            }
        }
        throw new AssertionError("no " + action + " mentioning " + text);
    }

    @Test
    @DisplayName("an admin watching node B sees a desktop sign-in made on node A (fan-out through Redis)")
    void eventsReachEveryNode(Vertx vertx) throws Exception {
        // A second server on the same database, Redis prefix and secrets: another node of the same deployment.
        JsonObject c = ConfigLoader.defaults().put("LATCHKEY_HTTP_HOST", "127.0.0.1").put("LATCHKEY_HTTP_PORT", 0)
                .put("LATCHKEY_HTTP_INSTANCES", 1).put("LATCHKEY_PG_URI", t.db.uri()).put("LATCHKEY_PG_POOL_SIZE", 4)
                .put("LATCHKEY_REDIS_URI", TestServer.REDIS).put("LATCHKEY_REDIS_PREFIX", t.redisPrefix)
                .put("LATCHKEY_DATA_DIR", t.dataDir.toString()).put("LATCHKEY_HASH_THREADS", 1)
                .put("LATCHKEY_RATE_LOGIN", "100000/1m").put("LATCHKEY_RATE_API", "100000/1m");
        LatchkeyServer nodeB = LatchkeyServer.start(vertx, ConfigLoader.parse(c)).await();
        try {
            Stream onB = open(nodeB.port(), null);
            onB.next("stats", Duration.ofSeconds(5));
            eventually("node B subscribed", () -> nodeB.services().dashboard().hub().subscribed()
                    && subscribers(nodeB.services().dashboard().hub().channelName()) >= 1);
            t.createUser("fan_out", PASSWORD, "user");
            long sent = System.nanoTime();
            t.postJson("/auth/client/login", new JsonObject().put("username", "fan_out").put("password", PASSWORD)
                    .put("hwid", Hwids.machine("fan-out")));
            auditOf(onB, "auth.client_login", "fan_out");
            assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 2000);
            onB.close();
            eventually("node B released its stream", () -> nodeB.services().dashboard().hub().openStreams() == 0);
        } finally {
            nodeB.stop().await();
        }
    }

    @Test
    @DisplayName("a stream gets statistics and every audit event; a disconnected browser frees its timer and the Redis subscription; "
            + "reconnecting with Last-Event-ID replays what was missed")
    void streamLifecycle() throws Exception {
        EventHub hub = t.services().dashboard().hub();
        String channel = hub.channelName();
        assertEquals(0, hub.openStreams());
        assertFalse(hub.statsTimerRunning());
        eventually("no node is subscribed yet", () -> subscribers(channel) == 0);

        Stream first = open(null);
        JsonObject stats = new JsonObject(first.next("stats", Duration.ofSeconds(5)).data());
        assertTrue(stats.getJsonObject("users").getLong("total") >= 1, stats.encode());
        assertEquals(60, stats.getJsonArray("heartbeats").size());
        assertEquals(1, hub.openStreams());
        assertTrue(hub.statsTimerRunning());
        eventually("subscribed to the live channel", () -> subscribers(channel) == 1);

        t.createUser("sse_desk", PASSWORD, "user");
        long sent = System.nanoTime();
        t.postJson("/auth/client/login", new JsonObject().put("username", "sse_desk").put("password", PASSWORD)
                .put("hwid", Hwids.machine("sse")));
        Frame login = auditOf(first, "auth.client_login", "sse_desk");
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 2000, "a desktop sign-in reaches the stream within 2 s");
        assertNotNull(login.id());
        assertTrue(EventChannel.validId(login.id()), login.id());
        assertTrue(login.data().contains("\"actor\":\"sse_desk\""), login.data());

        first.close();
        eventually("the stream is released", () -> hub.openStreams() == 0);
        eventually("the statistics timer stops", () -> !hub.statsTimerRunning());
        eventually("the Redis subscription is closed", () -> !hub.subscribed() && subscribers(channel) == 0);

        t.createUser("sse_missed", PASSWORD, "user");
        Thread.sleep(300);
        Stream second = open(login.id());
        Frame replayed = auditOf(second, "user.create", "sse_missed");
        assertFalse(replayed.data().contains("\"actor\":\"sse_desk\""), "nothing from before Last-Event-ID");
        assertFalse(replayed.id().compareTo(login.id()) <= 0 && replayed.id().length() == login.id().length(), "replayed after the given id");
        second.close();
        eventually("released again", () -> hub.openStreams() == 0 && !hub.statsTimerRunning() && subscribers(channel) == 0);
    }
}
