package dev.latchkey.server.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventLoopRedisTest {

    private static final String URI = System.getenv().getOrDefault("LATCHKEY_TEST_REDIS_URI", "redis://127.0.0.1:6379");

    private final String p = "eltest-" + UUID.randomUUID() + ":";
    private EventLoopRedis redis;

    @BeforeEach
    void connect(Vertx vertx) {
        redis = new EventLoopRedis(Redis.createClient(vertx, URI));
    }

    @AfterEach
    void cleanUp() {
        redis.send(Request.cmd(Command.DEL, p + "word", p + "good", p + "a")).await();
        redis.close().await();
    }

    /** Runs {@code body} on an event loop and waits for the futures it returns. */
    private static List<Future<?>> inOneTurn(Vertx vertx, java.util.function.Supplier<List<Future<?>>> body) throws Exception {
        CompletableFuture<List<Future<?>>> started = new CompletableFuture<>();
        vertx.runOnContext(v -> started.complete(body.get()));
        List<Future<?>> futures = started.get();
        Future.join(futures.stream().map(f -> (Future<?>) f).toList()).otherwiseEmpty().await();
        return futures;
    }

    @Test
    @DisplayName("Commands of one turn share a write, yet an error reply to a write fails no read of that turn")
    void errorReplyDoesNotFailReads(Vertx vertx) throws Exception {
        redis.send(Request.cmd(Command.SET, p + "word", "not-a-number")).await();
        redis.send(Request.cmd(Command.SET, p + "good", "hello")).await();
        List<Future<?>> f = inOneTurn(vertx, () -> List.of(
                redis.send(Request.cmd(Command.GET, p + "good")),
                redis.send(Request.cmd(Command.INCR, p + "word")),
                redis.send(Request.cmd(Command.MGET, p + "good", p + "missing")),
                redis.batch(List.of(Request.cmd(Command.GET, p + "good"), Request.cmd(Command.EXISTS, p + "good")))));
        assertEquals("hello", ((Response) f.get(0).result()).toString(), "a read of the same turn is answered");
        assertTrue(f.get(1).failed(), "the failing write fails");
        assertTrue(f.get(1).cause() instanceof Response, "with Redis's error reply: " + f.get(1).cause());
        Response mget = (Response) f.get(2).result();
        assertEquals("hello", mget.get(0).toString());
        assertEquals(null, mget.get(1), "a nil reply stays nil");
        @SuppressWarnings("unchecked")
        List<Response> both = (List<Response>) f.get(3).result();
        assertEquals("hello", both.get(0).toString());
        assertEquals(1, both.get(1).toInteger());
    }

    @Test
    @DisplayName("A reply handler that throws does not keep the other callers of its turn waiting")
    void throwingHandlerIsolated(Vertx vertx) throws Exception {
        redis.send(Request.cmd(Command.SET, p + "a", "1")).await();
        List<Future<?>> f = inOneTurn(vertx, () -> {
            Future<Response> first = redis.send(Request.cmd(Command.GET, p + "a"));
            first.onSuccess(r -> {
                throw new IllegalStateException("a careless handler");
            });
            return List.of(first, redis.send(Request.cmd(Command.GET, p + "a")),
                    redis.send(Request.cmd(Command.INCR, p + "a")));
        });
        assertEquals("1", ((Response) f.get(1).result()).toString());
        assertEquals(2L, ((Response) f.get(2).result()).toLong());
    }
}
