package dev.latchkey.client.hwid;

import dev.latchkey.protocol.hwid.HwidComponents;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * This machine's fingerprint as sent at sign-in: component name -> hex SHA-256 of its raw value.
 * Each component is hashed on its own, so the server's 70% rule can tolerate one changed part, and
 * no raw serial number ever leaves the machine.
 */
public final class HardwareId {

    /** Component names, in the order they are shown. */
    public static final String CPU = "cpu";
    public static final String BOARD = "board";
    public static final String SYSTEM = "system";
    public static final String DISK = "disk";
    public static final String MAC = "mac";
    public static final String MACHINE = "machine";

    /**
     * Values firmware and OSHI use for "no value". Hashing them would give every such machine the
     * same component, which would make unrelated machines look alike to the server.
     */
    private static final Set<String> PLACEHOLDERS = Set.of("unknown", "none", "null", "n/a", "na", "not specified",
            "not applicable", "not available", "default string", "to be filled by o.e.m.", "to be filled by oem",
            "system serial number", "system product name", "base board serial number", "chassis serial number",
            "serial", "0", "123456789", "03000200-0400-0500-0006-000700080009");

    private final Map<String, String> hashes;

    private HardwareId(Map<String, String> hashes) {
        this.hashes = Collections.unmodifiableMap(hashes);
    }

    /** Keeps the usable raw values and hashes each. */
    public static HardwareId fromRaw(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            String v = usable(value);
            if (v != null) {
                out.put(name, HwidComponents.sha256Hex(v));
            }
        });
        return new HardwareId(out);
    }

    /** The trimmed value, or null when it is blank, a placeholder, or all zeros / all F. */
    public static String usable(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || PLACEHOLDERS.contains(v.toLowerCase(Locale.ROOT))) {
            return null;
        }
        String digits = v.replaceAll("[^0-9A-Za-z]", "");
        if (digits.isEmpty() || digits.chars().allMatch(c -> c == '0') || digits.chars().allMatch(c -> c == 'F' || c == 'f')) {
            return null;
        }
        return v;
    }

    /** Name -> hex SHA-256, in collection order. */
    public Map<String, String> components() {
        return hashes;
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** The map the protocol validates (sorted), for callers that want the server's view. */
    public Map<String, String> sorted() {
        return new TreeMap<>(hashes);
    }
}
