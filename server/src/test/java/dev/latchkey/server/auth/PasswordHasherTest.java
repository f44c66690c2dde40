package dev.latchkey.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {

    private static final ServerConfig.Argon2Settings MIN = new ServerConfig.Argon2Settings(19456, 2, 1);
    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    @Test
    @DisplayName("hashes are Argon2id PHC strings with a 16-byte random salt and verify only the right password")
    void phcFormat(Vertx vertx) {
        try (PasswordHasher h = new PasswordHasher(vertx, MIN, 2, 8)) {
            String a = h.hash("pässwörd-1").await();
            String b = h.hash("pässwörd-1").await();
            Matcher m = PHC.matcher(a);
            assertTrue(m.matches(), a);
            assertEquals(16, Base64.getDecoder().decode(m.group(1)).length);
            assertEquals(32, Base64.getDecoder().decode(m.group(2)).length);
            assertNotEquals(a, b, "salts differ");
            assertTrue(h.verify(a, "pässwörd-1").await());
            assertFalse(h.verify(a, "pässwörd-2").await());
            assertFalse(h.verify("garbage", "pässwörd-1").await());
        }
    }

    @Test
    @DisplayName("a known Argon2id test vector verifies (interoperable with other implementations)")
    void referenceVector(Vertx vertx) {
        // From the reference C implementation (Debian's argon2 CLI):
        //   echo -n password | argon2 somesaltsomesalt -id -m 15 -t 2 -p 1 -e
        // Its parameters (m=32768 KiB) differ from ours: stored hashes keep verifying after a cost change.
        String phc = "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$IX8rTqp0d9Pu37QS7l1Ix06hxksaav9Ey5Ztp+RIRS8";
        try (PasswordHasher h = new PasswordHasher(vertx, MIN, 1, 4)) {
            assertTrue(h.verify(phc, "password").await());
            assertFalse(h.verify(phc, "passworD").await());
        }
    }

    @Test
    @DisplayName("parameters below m=19456 KiB, t=2, p=1 are refused at start")
    void minimumCost() {
        assertThrows(() -> new ServerConfig.Argon2Settings(4096, 2, 1));
        assertThrows(() -> new ServerConfig.Argon2Settings(19456, 1, 1));
    }

    private static void assertThrows(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.latchkey.server.config.ConfigException.class, r::run);
    }

    @Test
    @DisplayName("when the hashing queue is full, callers get 503 at once instead of waiting")
    void saturationIs503(Vertx vertx) {
        try (PasswordHasher h = new PasswordHasher(vertx, MIN, 1, 1)) {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(h.hash("flood-password-" + i));
            }
            long rejected = all.stream().filter(Future::failed).count();
            assertTrue(rejected >= 4, "1 running + 1 queued at most; rejected " + rejected);
            Future<String> f = all.stream().filter(Future::failed).findFirst().orElseThrow();
            ApiException e = (ApiException) f.cause();
            assertEquals(ErrorCode.SERVICE_UNAVAILABLE, e.code());
            assertEquals(1, e.retryAfterSeconds());
            Future.join(new ArrayList<>(all)).otherwiseEmpty().await();
        }
    }

    @Test
    @DisplayName("on Linux the hashing threads run at a lower scheduling priority (nice 10) than the event loops; elsewhere nothing is claimed")
    void hashingThreadsAreNiced(Vertx vertx) throws Exception {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            assertFalse(ThreadPriority.niceCurrentThread(PasswordHasher.HASH_NICE), "elsewhere it reports doing nothing");
            return;
        }
        try (PasswordHasher h = new PasswordHasher(vertx, MIN, 2, 4)) {
            Future.all(h.hash("nice-password-1"), h.hash("nice-password-2")).await();
            List<Integer> nices = new ArrayList<>();
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    String comm = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    if (comm.startsWith("latchkey-argon2")) {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        nices.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
                    }
                }
            }
            assertFalse(nices.isEmpty(), "hashing threads found");
            assertTrue(nices.stream().allMatch(n -> n >= PasswordHasher.HASH_NICE), "nice values " + nices);
        }
    }
}
