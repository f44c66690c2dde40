package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Timeouts shortened through configuration (idle 2 s, absolute 5 s) so the test sees them pass. */
@ExtendWith(VertxExtension.class)
class WebSessionTimeoutTest {

    private static TestServer t;

    @BeforeAll
    static void start(Vertx vertx) {
        t = TestServer.start(vertx, "webidle", new JsonObject().put("LATCHKEY_SESSION_IDLE", "2s").put("LATCHKEY_SESSION_ABSOLUTE", "5s"));
        t.createUser("idle_user", "idle-password", "user");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String login() {
        var r = t.postJson("/auth/login", new JsonObject().put("username", "idle_user").put("password", "idle-password"));
        String header = r.cookies().get(0);
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    private static int me(String cookie) {
        return t.http.get("/api/v1/me").putHeader("Cookie", Authenticator.COOKIE + "=" + cookie).send().await().statusCode();
    }

    @Test
    @DisplayName("a web session left idle past the idle timeout ends, even with Redis's entry gone")
    void idleTimeout() throws InterruptedException {
        String cookie = login();
        assertEquals(200, me(cookie));
        Thread.sleep(2600);
        assertEquals(401, me(cookie));
    }

    @Test
    @DisplayName("activity keeps a session alive past the idle timeout, but never past the absolute limit")
    void activityAndAbsoluteLimit() throws InterruptedException {
        long start = System.nanoTime();
        String cookie = login();
        boolean sawAliveAfterIdle = false;
        boolean sawEnded = false;
        while (!sawEnded) {
            Thread.sleep(600);
            double elapsed = (System.nanoTime() - start) / 1e9;
            int status = me(cookie);
            if (elapsed < 3.8) {
                assertEquals(200, status, "used every 0.6 s: alive at " + elapsed + " s");
                sawAliveAfterIdle |= elapsed > 2.5;
            } else if (elapsed > 5.3) {
                assertEquals(401, status, "past the 5 s absolute limit at " + elapsed + " s");
                sawEnded = true;
            }
        }
        assertEquals(true, sawAliveAfterIdle, "activity carried the session past the idle timeout");
    }
}
