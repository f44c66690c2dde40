package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Builds the globals of one plugin: the safe part of Lua's standard library and nothing else.
 * Each plugin gets its own instance, so globals one plugin sets are invisible to another.
 */
public final class SandboxGlobals {

    /**
     * Base functions removed, each because it reaches outside the sandbox or around its limits:
     * {@code dofile}/{@code loadfile} read files; {@code load} compiles code at run time (and would accept
     * bytecode); {@code collectgarbage} lets a script stall the whole JVM; {@code print} writes to the
     * client's stdout and is replaced by the plugin logger.
     */
    private static final String[] REMOVED_BASE = {"dofile", "loadfile", "load", "loadstring", "collectgarbage", "print"};

    private SandboxGlobals() {
    }

    /**
     * Globals whose every instruction is counted by {@code budget}. Never loaded, by design:
     * {@code package}/{@code require} (its Java searcher instantiates any class), {@code luajava}
     * (reflection), {@code io} (files), {@code os} beyond time and clock (processes, environment, exit),
     * {@code debug} (registry, upvalues, hooks), {@code coroutine} (each LuaJ coroutine is a Java thread
     * that the budget does not follow, and it hides stack overflows), {@code string.dump}.
     */
    public static Globals create(CallBudget budget) {
        Globals globals = new Globals();
        // LuaJ's libraries register themselves in package.loaded; a scratch table takes that and is dropped.
        LuaTable scratchPackage = new LuaTable();
        scratchPackage.set("loaded", new LuaTable());
        globals.set("package", scratchPackage);

        globals.load(new BaseLib());
        for (String name : REMOVED_BASE) {
            globals.set(name, LuaValue.NIL);
        }
        // The base library registers itself as the script finder; nothing may look for files.
        globals.finder = null;

        globals.load(new TableLib());
        BoundedTableFunctions.install((LuaTable) globals.get("table"));

        globals.load(new JseMathLib());
        globals.load(new Bit32Lib());
        globals.set("string", SharedStringLibrary.library());
        globals.set("os", safeOs());

        globals.set("package", LuaValue.NIL);
        // The hook slot, not the debug library: nothing named "debug" is ever visible to scripts.
        globals.debuglib = budget;
        return globals;
    }

    private static LuaTable safeOs() {
        LuaTable os = new LuaTable();
        os.set("time", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return valueOf(System.currentTimeMillis() / 1000L);
            }
        });
        long origin = System.nanoTime();
        os.set("clock", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return valueOf((System.nanoTime() - origin) / 1e9);
            }
        });
        return os;
    }
}
