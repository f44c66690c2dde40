package dev.latchkey.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    @DisplayName("the documented defaults hold: port 8080, local PostgreSQL and Redis, ./data, 15 min tokens, 30 min idle")
    void defaults() {
        ServerConfig c = ConfigLoader.parse(ConfigLoader.defaults());
        assertEquals(8080, c.httpPort());
        assertEquals("postgresql://postgres@localhost:5432/latchkey", c.pgUri());
        assertEquals("redis://localhost:6379", c.redisUri());
        assertEquals("./data", c.dataDir().toString());
        assertEquals(Duration.ofMinutes(15), c.accessTokenTtl());
        assertEquals(Duration.ofDays(7), c.refreshTokenTtl());
        assertEquals(Duration.ofMinutes(30), c.webSessionIdle());
        assertEquals(Duration.ofHours(12), c.webSessionAbsolute());
        assertEquals(64 * 1024, c.jsonBodyLimit());
        assertTrue(c.adminUsername().isEmpty(), "there is never a default admin");
        assertTrue(c.backends().pgStatementCache(), "statements stay prepared unless turned off");
        assertTrue(!ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_PG_STATEMENT_CACHE", "false")).backends().pgStatementCache());
    }

    @Test
    @DisplayName("bad values stop the start with a message naming the variable")
    void badValues() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_HTTP_PORT", "eighty")));
        assertEquals("LATCHKEY_HTTP_PORT must be a whole number, got 'eighty'", port.getMessage());
        ConfigException ttl = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_SESSION_IDLE", "soon")));
        assertTrue(ttl.getMessage().startsWith("LATCHKEY_SESSION_IDLE"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_ARGON2_MEMORY_KIB", 1024)));
    }

    @Test
    @DisplayName("environment strings are parsed like JSON numbers, and durations accept s, m, h, d")
    void stringsAndDurations() {
        ServerConfig c = ConfigLoader.parse(ConfigLoader.defaults().mergeIn(new JsonObject()
                .put("LATCHKEY_HTTP_PORT", "9090").put("LATCHKEY_ACCESS_TOKEN_TTL", "90s")));
        assertEquals(9090, c.httpPort());
        assertEquals(Duration.ofSeconds(90), c.accessTokenTtl());
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0m"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    }

    @Test
    @DisplayName("backend limits: 5 s connect and wait, 1024 waiting, 15 s query silence, 1 s Redis commands by default")
    void backendLimits() {
        ServerConfig.Backends b = ConfigLoader.parse(ConfigLoader.defaults()).backends();
        assertEquals(Duration.ofSeconds(5), b.pgConnectTimeout());
        assertEquals(Duration.ofSeconds(5), b.pgWaitTimeout());
        assertEquals(1024, b.pgWaitQueue());
        assertEquals(Duration.ofSeconds(15), b.pgQueryTimeout());
        assertEquals(Duration.ofSeconds(1), b.redisTimeout());
        ServerConfig.Backends set = ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_REDIS_TIMEOUT", "300ms")
                .put("LATCHKEY_PG_WAIT_QUEUE", "0")).backends();
        assertEquals(Duration.ofMillis(300), set.redisTimeout());
        assertEquals(0, set.pgWaitQueue());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(ConfigLoader.defaults().put("LATCHKEY_PG_QUERY_TIMEOUT", "soon")));
    }
}
