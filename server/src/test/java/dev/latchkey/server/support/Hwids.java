package dev.latchkey.server.support;

import dev.latchkey.protocol.hwid.HwidComponents;
import io.vertx.core.json.JsonObject;

/** Fingerprints as a desktop client sends them: five components, each a hex SHA-256. */
public final class Hwids {

    private static final String[] NAMES = {"cpu", "board", "disk", "mac", "machine"};

    private Hwids() {
    }

    /** Components named cpu..machine with the SHA-256 of each given raw value. */
    public static JsonObject of(String... raw) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < raw.length; i++) {
            o.put(NAMES[i], HwidComponents.sha256Hex(raw[i]));
        }
        return o;
    }

    public static JsonObject machine(String seed) {
        return of(seed + "-cpu", seed + "-board", seed + "-disk", seed + "-mac", seed + "-machine");
    }
}
