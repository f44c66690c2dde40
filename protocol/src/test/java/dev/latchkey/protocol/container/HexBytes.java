package dev.latchkey.protocol.container;

import java.util.HexFormat;

/** Hex of a byte range, for readable assertions. */
final class HexBytes {

    private HexBytes() {
    }

    static String of(byte[] bytes, int from, int to) {
        return HexFormat.of().formatHex(bytes, from, to);
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
