package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.latchkey.server.support.Hwids;
import dev.latchkey.server.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the sign-in flows, good and bad, and reads every log line and every audit row for secrets. */
@ExtendWith(VertxExtension.class)
class SecretsNeverLoggedTest {

    @Test
    @DisplayName("no password, token, session cookie or secret reaches the application log or the audit trail")
    void nothingSecretLeaks(Vertx vertx) {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter w = new StringWriter();
                w.append(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        w.append(' ').append(String.valueOf(p));
                    }
                }
                if (r.getThrown() != null) {
                    r.getThrown().printStackTrace(new PrintWriter(w));
                }
                lines.add(w.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try (TestServer t = TestServer.start(vertx, "nologs", new JsonObject()
                .put("LATCHKEY_ADMIN_USERNAME", "log_admin").put("LATCHKEY_ADMIN_PASSWORD", "admin-Secret-Pw-1"))) {
            secrets.add("admin-Secret-Pw-1");
            secrets.add(Base64.getEncoder().encodeToString(t.services().secrets().jwtSecret()));
            secrets.add(Base64.getEncoder().encodeToString(t.services().secrets().masterKey()));
            String admin = t.adminToken("log_admin", "admin-Secret-Pw-1");
            secrets.add(admin);
            t.withBearer(t.http.post("/api/v1/admin/users"), admin).sendJsonObject(new JsonObject()
                    .put("username", "log_user").put("password", "user-Secret-Pw-2")).await();
            secrets.add("user-Secret-Pw-2");
            JsonObject pair = t.postJson("/auth/client/login", new JsonObject().put("username", "log_user")
                    .put("password", "user-Secret-Pw-2").put("hwid", Hwids.machine("log"))).bodyAsJsonObject();
            secrets.add(pair.getString("access_token"));
            secrets.add(pair.getString("refresh_token"));
            JsonObject next = t.postJson("/auth/refresh", new JsonObject().put("refresh_token", pair.getString("refresh_token"))).bodyAsJsonObject();
            secrets.add(next.getString("refresh_token"));
            assertEquals(401, t.postJson("/auth/refresh", new JsonObject().put("refresh_token", pair.getString("refresh_token"))).statusCode());
            t.postJson("/auth/login", new JsonObject().put("username", "log_user").put("password", "wrong-Secret-Pw-3"));
            secrets.add("wrong-Secret-Pw-3");
            var web = t.postJson("/auth/login", new JsonObject().put("username", "log_user").put("password", "user-Secret-Pw-2"));
            String cookie = web.cookies().get(0);
            secrets.add(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
            t.http.get("/api/v1/me").putHeader("Authorization", "Bearer " + pair.getString("access_token") + "x").send().await();
            List<String> auditText = new ArrayList<>();
            for (var row : t.db.query("SELECT row_to_json(a)::text AS j FROM audit_events a")) {
                auditText.add((String) row.get("j"));
            }
            assertFalse(auditText.isEmpty());
            for (String s : secrets) {
                for (String line : lines) {
                    assertFalse(line.contains(s), "log line leaks a secret: " + line);
                }
                for (String row : auditText) {
                    assertFalse(row.contains(s), "audit row leaks a secret: " + row);
                }
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}
