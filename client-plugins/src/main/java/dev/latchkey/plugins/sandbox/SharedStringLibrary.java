package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.StringLib;

/**
 * The one {@code string} library every plugin sees, and the metatable that all strings in the JVM share.
 * LuaJ keeps that metatable in a static field, so it is made read-only here: otherwise one plugin could
 * redefine {@code ("x"):upper()} for every other.
 */
public final class SharedStringLibrary {

    private static final String[] KEPT_FROM_LUAJ = {"byte", "char", "len", "lower", "upper", "reverse", "sub"};

    private static final ReadOnlyTable LIBRARY = build();
    private static final ReadOnlyTable METATABLE = metatable(LIBRARY);

    private SharedStringLibrary() {
    }

    /** The read-only {@code string} table. */
    public static ReadOnlyTable library() {
        return LIBRARY;
    }

    /**
     * Puts the sandbox's string metatable in place. Called before every callback, because any other
     * code in the JVM that loads LuaJ's StringLib would install its own, writable one.
     */
    public static void install() {
        if (LuaString.s_metatable != METATABLE) {
            LuaString.s_metatable = METATABLE;
        }
    }

    private static ReadOnlyTable build() {
        LuaTable luaj = luajStringLib();
        LuaTable string = new LuaTable();
        for (String name : KEPT_FROM_LUAJ) {
            string.set(name, luaj.get(name));
        }
        // Replaced: rep and format can build any size in one instruction; the pattern functions backtrack
        // without limit. Left out: dump, whose bytecode could be fed to a loader that skips verification.
        BoundedStringFunctions.install(string, luaj.get("format"));
        PatternFunctions.install(string);
        return ReadOnlyTable.copyOf(string);
    }

    private static ReadOnlyTable metatable(ReadOnlyTable library) {
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, library);
        // getmetatable("") returns this marker instead of the table itself.
        mt.set(LuaValue.METATABLE, LuaValue.FALSE);
        return ReadOnlyTable.copyOf(mt);
    }

    private static LuaTable luajStringLib() {
        LuaTable scratch = new LuaTable();
        LuaTable packageTable = new LuaTable();
        packageTable.set("loaded", new LuaTable());
        scratch.set("package", packageTable);
        new StringLib().call(LuaValue.valueOf("string"), scratch);
        return (LuaTable) scratch.get("string");
    }
}
