package dev.latchkey.plugins.api;

import dev.latchkey.plugins.sandbox.ReadOnlyTable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/** {@code lk.store.get/set/keys} over a {@link PluginStore}. */
final class StoreFunctions {

    private StoreFunctions() {
    }

    static ReadOnlyTable create(PluginStore store) {
        LuaTable t = new LuaTable();
        t.set("get", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue key) {
                return toLua(store.get(key.checkjstring()));
            }
        });
        t.set("set", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue key, LuaValue value) {
                try {
                    store.put(key.checkjstring(), fromLua(value));
                } catch (IllegalArgumentException e) {
                    throw new LuaError(e.getMessage());
                }
                return NONE;
            }
        });
        t.set("keys", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                LuaTable keys = new LuaTable();
                int i = 1;
                for (String key : store.keys()) {
                    keys.set(i++, valueOf(key));
                }
                return keys;
            }
        });
        return ReadOnlyTable.copyOf(t);
    }

    private static LuaValue toLua(Object value) {
        if (value instanceof String s) {
            return LuaValue.valueOf(s);
        }
        if (value instanceof Double d) {
            return LuaValue.valueOf(d);
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        return LuaValue.NIL;
    }

    private static Object fromLua(LuaValue value) {
        return switch (value.type()) {
            case LuaValue.TNIL -> null;
            case LuaValue.TSTRING -> value.tojstring();
            case LuaValue.TNUMBER -> value.todouble();
            case LuaValue.TBOOLEAN -> value.toboolean();
            default -> throw new LuaError("store values are strings, numbers or booleans");
        };
    }
}
