package dev.latchkey.server.licensing;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link Entitlements} as cached in Redis, with the generations they were loaded under and when: a compact
 * binary form (about 90 bytes for a user with one license), because a fleet keeps one per device and Redis
 * holds all of them. Why not JSON: the same entitlements took 420 bytes and their parsing was the largest
 * part of a heartbeat's own work.
 *
 * @param loadedAt epoch seconds when PostgreSQL was read
 */
record CachedEntitlements(String userGen, String allGen, long loadedAt, Entitlements entitlements) {

    /** Bumped whenever the layout changes: an entry of another layout reads as a miss and is reloaded. */
    private static final byte VERSION = 1;
    private static final String[] STATUSES = {"active", "suspended", "revoked", "expired"};

    /** Throws IllegalArgumentException for entitlements too large for the layout (the caller then does not cache them). */
    byte[] encode() {
        if (entitlements.licenses().size() > 0xffff) {
            throw new IllegalArgumentException("too many licenses to cache");
        }
        List<byte[]> strings = new ArrayList<>();
        int size = 1 + 8 + 1 + 2;
        size += utf8(userGen, strings) + utf8(allGen, strings);
        for (Entitlements.Entry e : entitlements.licenses()) {
            if (e.features().size() > 0xff) {
                throw new IllegalArgumentException("too many features to cache");
            }
            size += 16 + 16 + 1 + 8 + 4 + 4 + 4 + 1 + 4 + 4 + 1 + utf8(e.product(), strings);
            for (String f : e.features()) {
                size += utf8(f, strings);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        int s = 0;
        b.put(VERSION);
        putString(b, strings.get(s++));
        putString(b, strings.get(s++));
        b.putLong(loadedAt);
        b.put((byte) ((entitlements.blocked() ? 1 : 0) | (entitlements.deviceActive() ? 2 : 0)));
        b.putShort((short) entitlements.licenses().size());
        for (Entitlements.Entry e : entitlements.licenses()) {
            putUuid(b, e.id());
            putUuid(b, e.productId());
            putString(b, strings.get(s++));
            b.put(status(e.status()));
            b.putLong(e.expiresAt() == null ? Long.MIN_VALUE : e.expiresAt());
            b.putInt(e.durationDays() == null ? -1 : e.durationDays());
            b.putInt(e.maxActivations());
            b.putInt(e.activations());
            b.put((byte) (e.activatedHere() ? 1 : 0));
            b.putInt(e.interval());
            b.putInt(e.grace());
            b.put((byte) e.features().size());
            for (int i = 0; i < e.features().size(); i++) {
                putString(b, strings.get(s++));
            }
        }
        return b.array();
    }

    /** Null for bytes of another layout or cut short: the caller treats them as a miss. */
    static CachedEntitlements decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != VERSION) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            String userGen = getString(b);
            String allGen = getString(b);
            long loadedAt = b.getLong();
            int flags = b.get();
            int n = b.getShort() & 0xffff;
            List<Entitlements.Entry> licenses = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                UUID id = getUuid(b);
                UUID productId = getUuid(b);
                String product = getString(b);
                String status = STATUSES[b.get()];
                long expires = b.getLong();
                int duration = b.getInt();
                int max = b.getInt();
                int activations = b.getInt();
                boolean here = b.get() == 1;
                int interval = b.getInt();
                int grace = b.getInt();
                int nf = b.get() & 0xff;
                List<String> features = new ArrayList<>(nf);
                for (int f = 0; f < nf; f++) {
                    features.add(getString(b));
                }
                licenses.add(new Entitlements.Entry(id, productId, product, status, expires == Long.MIN_VALUE ? null : expires,
                        duration < 0 ? null : duration, max, activations, here, features, interval, grace));
            }
            if (b.hasRemaining()) {
                return null;
            }
            return new CachedEntitlements(userGen, allGen, loadedAt,
                    new Entitlements((flags & 1) != 0, (flags & 2) != 0, licenses));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte status(String status) {
        for (byte i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i].equals(status)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown license status " + status);
    }

    private static int utf8(String s, List<byte[]> out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string too long to cache");
        }
        out.add(b);
        return 2 + b.length;
    }

    private static void putString(ByteBuffer b, byte[] s) {
        b.putShort((short) s.length).put(s);
    }

    private static String getString(ByteBuffer b) {
        int n = b.getShort() & 0xffff;
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static void putUuid(ByteBuffer b, UUID id) {
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer b) {
        return new UUID(b.getLong(), b.getLong());
    }
}
