package dev.latchkey.plugins.sandbox;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/** A byte buffer that refuses to grow past the string cap, checked before each append copies anything. */
final class CappedBuffer {

    private final CallBudget budget;
    private byte[] bytes;
    private int length;

    CappedBuffer(CallBudget budget, int initialCapacity) {
        this.budget = budget;
        this.bytes = new byte[Math.max(16, Math.min(initialCapacity, budget.limits().maxStringBytes()))];
    }

    void append(LuaString s) {
        ensure(s.m_length);
        s.copyInto(0, bytes, length, s.m_length);
        length += s.m_length;
    }

    void append(LuaString s, int from, int to) {
        int n = to - from;
        ensure(n);
        s.copyInto(from, bytes, length, n);
        length += n;
    }

    void append(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    LuaString toLuaString() {
        return LuaString.valueOf(bytes, 0, length);
    }

    private void ensure(int more) {
        long needed = (long) length + more;
        budget.checkStringLength(needed);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(needed, 2L * bytes.length), budget.limits().maxStringBytes()));
        }
    }
}
