package dev.latchkey.server.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RateLimitTest {

    private static JsonObject limits(String login, String api) {
        return new JsonObject().put("LATCHKEY_RATE_LOGIN", login).put("LATCHKEY_RATE_API", api);
    }

    private static HttpResponse<Buffer> login(TestServer t, String user, String password, String forwardedFor) {
        var req = t.http.post("/auth/login");
        if (forwardedFor != null) {
            req.putHeader("X-Forwarded-For", forwardedFor);
        }
        return req.sendJsonObject(new JsonObject().put("username", user).put("password", password)).await();
    }

    @Test
    @DisplayName("the 11th sign-in within the window is 429 with Retry-After, even with the right password; headers count down")
    void eleventhLoginRefused(Vertx vertx) {
        try (TestServer t = TestServer.start(vertx, "rl_login", limits("10/5m", "1000/1m"))) {
            t.createUser("rl_alice", "alice-password", "user");
            for (int i = 1; i <= 10; i++) {
                HttpResponse<Buffer> r = login(t, "rl_alice", i % 2 == 0 ? "alice-password" : "wrong-password", null);
                assertTrue(r.statusCode() == 200 || r.statusCode() == 401, r.bodyAsString());
                assertEquals("10", r.getHeader("RateLimit-Limit"));
                assertEquals(String.valueOf(10 - i), r.getHeader("RateLimit-Remaining"));
                assertNotNull(r.getHeader("RateLimit-Reset"));
            }
            HttpResponse<Buffer> eleventh = login(t, "rl_alice", "alice-password", null);
            assertEquals(429, eleventh.statusCode());
            assertEquals("RATE_LIMITED", eleventh.bodyAsJsonObject().getJsonObject("error").getString("code"));
            int retry = Integer.parseInt(eleventh.getHeader("Retry-After"));
            assertTrue(retry > 0 && retry <= 300, "Retry-After " + retry);
            String metrics = t.http.get("/metrics").send().await().bodyAsString();
            assertTrue(metrics.contains("latchkey_ratelimit_refusals_total{class=\"login\"}"), metrics);
        }
    }

    @Test
    @DisplayName("a spoofed X-Forwarded-For from an untrusted peer changes nothing")
    void spoofedForwardedFor(Vertx vertx) {
        try (TestServer t = TestServer.start(vertx, "rl_spoof", limits("5/5m", "1000/1m"))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(401, login(t, "nobody_" + i, "wrong-password", "198.51.100." + i).statusCode());
            }
            assertEquals(429, login(t, "nobody_x", "wrong-password", "198.51.100.99").statusCode());
        }
    }

    @Test
    @DisplayName("one username attacked from many addresses (behind a trusted proxy) is limited too")
    void oneUserManyAddresses(Vertx vertx) {
        JsonObject cfg = limits("5/5m", "1000/1m").put("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128");
        try (TestServer t = TestServer.start(vertx, "rl_user", cfg)) {
            t.createUser("rl_target", "target-password", "user");
            for (int i = 0; i < 5; i++) {
                assertEquals(401, login(t, "rl_target", "wrong-password", "203.0.113." + i).statusCode());
            }
            HttpResponse<Buffer> r = login(t, "RL_TARGET", "target-password", "203.0.113.200");
            assertEquals(429, r.statusCode(), "the sixth attempt on the account, from a fresh address");
            assertEquals(401, login(t, "someone_else", "wrong-password", "203.0.113.201").statusCode(),
                    "another account from another address is unaffected");
        }
    }

    @Test
    @DisplayName("50 concurrent API calls against a limit of 10 let exactly 10 through")
    void concurrentApiCalls(Vertx vertx) {
        try (TestServer t = TestServer.start(vertx, "rl_api", limits("1000/5m", "10/1m"))) {
            t.createUser("rl_api_user", "api-user-password", "user");
            String access = t.postJson("/auth/client/login", new JsonObject().put("username", "rl_api_user")
                    .put("password", "api-user-password").put("hwid", Hwids.machine("api"))).bodyAsJsonObject().getString("access_token");
            List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(t.withBearer(t.http.get("/api/v1/me"), access).send());
            }
            Future.join(all).await();
            long ok = all.stream().filter(f -> f.result().statusCode() == 200).count();
            long limited = all.stream().filter(f -> f.result().statusCode() == 429).count();
            assertEquals(10, ok);
            assertEquals(40, limited);
        }
    }
}
