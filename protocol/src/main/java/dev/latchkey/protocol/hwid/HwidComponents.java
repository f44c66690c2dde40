package dev.latchkey.protocol.hwid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A device's hardware fingerprint: component name -> lowercase hex SHA-256 of that component.
 *
 * <p>The client hashes each component itself, so the server never sees a raw serial number.
 * A plain string (older clients, scripts) is accepted as the single component {@value #SINGLE}.
 */
public final class HwidComponents {

    /** Name of the only component when the HWID arrives as a plain string. */
    public static final String SINGLE = "hwid";
    /** Upper bound on components, so a hostile client cannot make matching expensive. */
    public static final int MAX_COMPONENTS = 16;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_PLAIN_LENGTH = 512;

    private final Map<String, String> components;

    private HwidComponents(Map<String, String> components) {
        this.components = Collections.unmodifiableMap(components);
    }

    /**
     * Validates a component map as sent by a client.
     *
     * @throws IllegalArgumentException naming what is wrong, fit to show the caller
     */
    public static HwidComponents of(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("hwid must name at least one component");
        }
        if (raw.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("hwid has more than " + MAX_COMPONENTS + " components");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String name = e.getKey();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("hwid component names are 1-32 of [a-z0-9_], starting with a letter");
            }
            if (!(e.getValue() instanceof String value)) {
                throw new IllegalArgumentException("hwid component '" + name + "' must be a hex SHA-256 string");
            }
            String hex = value.toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException("hwid component '" + name + "' must be a hex SHA-256 (64 hex digits)");
            }
            out.put(name, hex);
        }
        return new HwidComponents(out);
    }

    /**
     * A plain-string HWID: kept as is when it already is a hex SHA-256, otherwise hashed,
     * so the raw identifier is never stored.
     */
    public static HwidComponents ofPlain(String plain) {
        if (plain == null || plain.isBlank()) {
            throw new IllegalArgumentException("hwid must not be blank");
        }
        if (plain.length() > MAX_PLAIN_LENGTH) {
            throw new IllegalArgumentException("hwid is longer than " + MAX_PLAIN_LENGTH + " characters");
        }
        String lower = plain.toLowerCase(Locale.ROOT);
        String hex = SHA256_HEX.matcher(lower).matches() ? lower : sha256Hex(plain);
        return new HwidComponents(new TreeMap<>(Map.of(SINGLE, hex)));
    }

    /** Hex SHA-256 of a raw component value, as clients send it. */
    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Sorted, unmodifiable view: name -> hex hash. */
    public Map<String, String> asMap() {
        return components;
    }

    public int size() {
        return components.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HwidComponents other && components.equals(other.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return "HwidComponents" + components.keySet();
    }
}
