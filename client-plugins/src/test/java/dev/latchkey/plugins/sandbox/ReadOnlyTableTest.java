package dev.latchkey.plugins.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

class ReadOnlyTableTest {

    private static ReadOnlyTable sample() {
        LuaTable source = new LuaTable();
        source.set(1, LuaValue.valueOf("a"));
        source.set(2, LuaValue.valueOf("b"));
        source.set("key", LuaValue.valueOf("value"));
        return ReadOnlyTable.copyOf(source);
    }

    @Test
    @DisplayName("Reads, length and iteration work like a normal table")
    void reads() {
        ReadOnlyTable t = sample();
        assertEquals("a", t.get(1).tojstring());
        assertEquals("value", t.get("key").tojstring());
        assertEquals(2, t.length());
        int entries = 0;
        for (LuaValue k = LuaValue.NIL; !(k = t.next(k).arg1()).isnil(); ) {
            entries++;
        }
        assertEquals(3, entries);
    }

    @Test
    @DisplayName("Every write path LuaJ offers is refused")
    void writesRefused() {
        ReadOnlyTable t = sample();
        List<Executable> writes = List.of(
                () -> t.set(3, LuaValue.valueOf("c")),
                () -> t.set("key", LuaValue.valueOf("changed")),
                () -> t.rawset(1, LuaValue.NIL),
                () -> t.rawset(LuaValue.valueOf("new"), LuaValue.TRUE),
                () -> t.hashset(LuaValue.valueOf("new"), LuaValue.TRUE),
                () -> t.insert(0, LuaValue.valueOf("z")),
                () -> t.remove(1),
                () -> t.sort(LuaValue.NIL),
                () -> t.setmetatable(new LuaTable()));
        for (Executable write : writes) {
            assertThrows(LuaError.class, write);
        }
        assertEquals("a", t.get(1).tojstring());
        assertEquals("value", t.get("key").tojstring());
        assertEquals(LuaValue.NIL, t.get("new"));
    }
}
