package dev.latchkey.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EdgeHandlerTest {

    @Test
    @DisplayName("Generated request ids are random version-4 UUIDs, none repeated")
    void requestIds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = EdgeHandler.newId();
            UUID u = UUID.fromString(id);
            assertEquals(4, u.version(), id);
            assertEquals(2, u.variant(), id);
            assertEquals(id, u.toString());
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
