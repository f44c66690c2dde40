package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A table no script can change: every write path LuaJ has (assignment, {@code rawset},
 * {@code table.insert/remove/sort}, {@code setmetatable}) raises an error. Used for tables shared
 * between plugins (the string library and its metatable) and for snapshots the host hands out.
 */
public final class ReadOnlyTable extends LuaTable {

    private final boolean sealed;

    private ReadOnlyTable(LuaTable source) {
        super(source.rawlen(), 0);
        LuaValue key = LuaValue.NIL;
        while (true) {
            Varargs next = source.next(key);
            key = next.arg1();
            if (key.isnil()) {
                break;
            }
            super.rawset(key, next.arg(2));
        }
        sealed = true;
    }

    /** A read-only shallow copy of {@code source}; nested tables must already be read-only if they need to be. */
    public static ReadOnlyTable copyOf(LuaTable source) {
        return new ReadOnlyTable(source);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        throw refused();
    }

    @Override
    public void set(int key, LuaValue value) {
        throw refused();
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        throw refused();
    }

    @Override
    public void rawset(int key, LuaValue value) {
        guard();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        guard();
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        guard();
        super.hashset(key, value);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        throw refused();
    }

    @Override
    public LuaValue remove(int pos) {
        throw refused();
    }

    @Override
    public void sort(LuaValue comparator) {
        throw refused();
    }

    private void guard() {
        // The constructor fills the table through these methods before the seal is set.
        if (sealed) {
            throw refused();
        }
    }

    private static LuaError refused() {
        return new LuaError("attempt to modify a read-only table");
    }
}
