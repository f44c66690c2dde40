package dev.latchkey.server.auth;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13, as RFC 9106 specifies it, computed in a work area each hashing thread keeps
 * and reuses. Why not BouncyCastle's generator: it allocates the whole memory cost (19 MiB by default) as
 * 19,456 small objects on every hash, and those live for the whole hash, so each young collection copied
 * the in-flight hashes; a sign-in flood paused every thread of the server, event loops included, for
 * 4-14 ms every few tens of milliseconds (GC log, BENCHMARKS.md "Login storm"). Here the area is one
 * array per thread (G1 leaves such a large array in place) and a hash allocates a few kilobytes.
 * {@code Argon2idTest} checks it against RFC 9106's test vector and against BouncyCastle.
 */
final class Argon2id {

    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int QWORDS = 128;
    private static final int SLICES = 4;

    /** This thread's work area, kept between hashes. */
    /** Work areas up to 64 MiB stay with their thread for the next hash; larger ones are dropped after use. */
    private static final long KEEP_QWORDS = 64L * 1024 * 1024 / 8;
    private static final ThreadLocal<long[]> AREA = new ThreadLocal<>();

    private Argon2id() {
    }

    static byte[] hash(byte[] password, byte[] salt, int memoryKib, int passes, int lanes, int tagLength) {
        return hash(password, salt, new byte[0], new byte[0], memoryKib, passes, lanes, tagLength);
    }

    static byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib, int passes,
                       int lanes, int tagLength) {
        if (lanes < 1 || lanes > 0xFFFFFF || passes < 1 || tagLength < 4 || memoryKib < 8 * lanes) {
            throw new IllegalArgumentException("Argon2 parameters out of range: m=" + memoryKib + " t=" + passes
                    + " p=" + lanes + " tag=" + tagLength);
        }
        int segment = memoryKib / (SLICES * lanes);
        int laneLength = segment * SLICES;
        int blocks = laneLength * lanes;
        long need = (long) blocks * QWORDS;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Argon2 memory cost too large: m=" + memoryKib);
        }
        long[] mem = AREA.get();
        if (mem == null || mem.length < need) {
            mem = new long[(int) need];
            AREA.set(mem);
        }
        try {
            Instance in = new Instance(mem, lanes, passes, segment, laneLength, blocks);
            byte[] h0 = initialHash(password, salt, secret, associated, memoryKib, passes, lanes, tagLength);
            byte[] seed = Arrays.copyOf(h0, 72);
            byte[] block = new byte[1024];
            for (int lane = 0; lane < lanes; lane++) {
                for (int j = 0; j < 2; j++) {
                    putInt(seed, 64, j);
                    putInt(seed, 68, lane);
                    variableHash(seed, block);
                    for (int i = 0; i < QWORDS; i++) {
                        mem[(lane * laneLength + j) * QWORDS + i] = getLong(block, 8 * i);
                    }
                }
            }
            for (int pass = 0; pass < passes; pass++) {
                for (int slice = 0; slice < SLICES; slice++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        in.fillSegment(pass, slice, lane);
                    }
                }
            }
            long[] last = new long[QWORDS];
            for (int lane = 0; lane < lanes; lane++) {
                int off = (lane * laneLength + laneLength - 1) * QWORDS;
                for (int i = 0; i < QWORDS; i++) {
                    last[i] ^= mem[off + i];
                }
            }
            for (int i = 0; i < QWORDS; i++) {
                putLong(block, 8 * i, last[i]);
            }
            byte[] tag = new byte[tagLength];
            variableHash(block, tag);
            return tag;
        } finally {
            // Why: the area outlives the hash and holds password-derived data.
            Arrays.fill(mem, 0, (int) need, 0L);
            if (need > KEEP_QWORDS) {
                AREA.remove();  // a one-off costly hash (an old or imported PHC string) must not pin its memory
            }
        }
    }

    /** One hash's geometry and scratch blocks over the shared work area. */
    private static final class Instance {
        final long[] mem;
        final int lanes;
        final int passes;
        final int segment;
        final int laneLength;
        final int blocks;
        final long[] r = new long[QWORDS];
        final long[] t = new long[QWORDS];
        final long[] zero = new long[QWORDS];
        final long[] input = new long[QWORDS];
        final long[] addresses = new long[QWORDS];

        Instance(long[] mem, int lanes, int passes, int segment, int laneLength, int blocks) {
            this.mem = mem;
            this.lanes = lanes;
            this.passes = passes;
            this.segment = segment;
            this.laneLength = laneLength;
            this.blocks = blocks;
        }

        void fillSegment(int pass, int slice, int lane) {
            // Argon2id: data-independent addressing in the first half of the first pass, data-dependent after.
            boolean independent = pass == 0 && slice < SLICES / 2;
            if (independent) {
                Arrays.fill(input, 0L);
                input[0] = pass;
                input[1] = lane;
                input[2] = slice;
                input[3] = blocks;
                input[4] = passes;
                input[5] = TYPE_ID;
            }
            int start = 0;
            if (pass == 0 && slice == 0) {
                start = 2;
                if (independent) {
                    nextAddresses();
                }
            }
            int curr = lane * laneLength + slice * segment + start;
            int prev = curr % laneLength == 0 ? curr + laneLength - 1 : curr - 1;
            for (int i = start; i < segment; i++, curr++, prev++) {
                if (curr % laneLength == 1) {
                    prev = curr - 1;
                }
                long pseudoRandom;
                if (independent) {
                    if (i % QWORDS == 0) {
                        nextAddresses();
                    }
                    pseudoRandom = addresses[i % QWORDS];
                } else {
                    pseudoRandom = mem[prev * QWORDS];
                }
                int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
                int refIndex = indexAlpha(pass, slice, i, pseudoRandom & 0xFFFFFFFFL, refLane == lane);
                fillBlock(mem, prev * QWORDS, mem, (refLane * laneLength + refIndex) * QWORDS, mem, curr * QWORDS,
                        pass != 0, r, t);
            }
        }

        private void nextAddresses() {
            input[6]++;
            fillBlock(zero, 0, input, 0, addresses, 0, false, r, t);
            fillBlock(zero, 0, addresses, 0, addresses, 0, false, r, t);
        }

        private int indexAlpha(int pass, int slice, int index, long j1, boolean sameLane) {
            long area;
            if (pass == 0) {
                if (slice == 0) {
                    area = index - 1;
                } else if (sameLane) {
                    area = (long) slice * segment + index - 1;
                } else {
                    area = (long) slice * segment + (index == 0 ? -1 : 0);
                }
            } else if (sameLane) {
                area = laneLength - segment + index - 1;
            } else {
                area = laneLength - segment + (index == 0 ? -1 : 0);
            }
            long relative = (j1 * j1) >>> 32;
            relative = area - 1 - ((area * relative) >>> 32);
            long startAt = pass == 0 || slice == SLICES - 1 ? 0 : (long) (slice + 1) * segment;
            return (int) ((startAt + relative) % laneLength);
        }
    }

    /** G: next = P(x ^ y) ^ (x ^ y), also xor-ed with next's old content in later passes. */
    static void fillBlock(long[] x, int xo, long[] y, int yo, long[] next, int no, boolean withXor, long[] r, long[] t) {
        for (int i = 0; i < QWORDS; i++) {
            r[i] = x[xo + i] ^ y[yo + i];
        }
        if (withXor) {
            for (int i = 0; i < QWORDS; i++) {
                t[i] = r[i] ^ next[no + i];
            }
        } else {
            System.arraycopy(r, 0, t, 0, QWORDS);
        }
        for (int i = 0; i < 8; i++) {
            int b = 16 * i;
            round(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13,
                    b + 14, b + 15);
        }
        for (int i = 0; i < 8; i++) {
            int b = 2 * i;
            round(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81, b + 96,
                    b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < QWORDS; i++) {
            next[no + i] = t[i] ^ r[i];
        }
    }

    private static void round(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int v8, int v9,
                              int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    /** BLAKE2b's G with Argon2's multiplication (BlaMka). */
    private static void mix(long[] v, int a, int b, int c, int d) {
        long va = v[a];
        long vb = v[b];
        long vc = v[c];
        long vd = v[d];
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 32);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 24);
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 16);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 63);
        v[a] = va;
        v[b] = vb;
        v[c] = vc;
        v[d] = vd;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * ((x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL));
    }

    private static byte[] initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
                                      int passes, int lanes, int tagLength) {
        Blake2bDigest h = new Blake2bDigest(512);
        intLe(h, lanes);
        intLe(h, tagLength);
        intLe(h, memoryKib);
        intLe(h, passes);
        intLe(h, VERSION);
        intLe(h, TYPE_ID);
        for (byte[] field : new byte[][] {password, salt, secret, associated}) {
            intLe(h, field.length);
            h.update(field, 0, field.length);
        }
        byte[] out = new byte[64];
        h.doFinal(out, 0);
        return out;
    }

    /** H', the variable-length hash: fills {@code out} from {@code input}. */
    static void variableHash(byte[] input, byte[] out) {
        if (out.length <= 64) {
            Blake2bDigest h = new Blake2bDigest(out.length * 8);
            intLe(h, out.length);
            h.update(input, 0, input.length);
            h.doFinal(out, 0);
            return;
        }
        byte[] v = new byte[64];
        Blake2bDigest h = new Blake2bDigest(512);
        intLe(h, out.length);
        h.update(input, 0, input.length);
        h.doFinal(v, 0);
        int r = (out.length + 31) / 32 - 2;
        int at = 0;
        System.arraycopy(v, 0, out, at, 32);
        at += 32;
        for (int i = 2; i <= r; i++) {
            h.update(v, 0, 64);
            h.doFinal(v, 0);
            System.arraycopy(v, 0, out, at, 32);
            at += 32;
        }
        int rest = out.length - 32 * r;
        Blake2bDigest tail = new Blake2bDigest(rest * 8);
        tail.update(v, 0, 64);
        byte[] end = new byte[rest];
        tail.doFinal(end, 0);
        System.arraycopy(end, 0, out, at, rest);
    }

    private static void intLe(Blake2bDigest h, int value) {
        h.update((byte) value);
        h.update((byte) (value >>> 8));
        h.update((byte) (value >>> 16));
        h.update((byte) (value >>> 24));
    }

    private static void putInt(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
        b[off + 2] = (byte) (value >>> 16);
        b[off + 3] = (byte) (value >>> 24);
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFFL);
        }
        return v;
    }

    private static void putLong(byte[] b, int off, long value) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }
}
