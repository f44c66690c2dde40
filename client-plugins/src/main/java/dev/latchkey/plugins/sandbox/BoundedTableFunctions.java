package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The table library with its one-instruction costs bounded: concat measures its result before building
 * it, unpack refuses ranges that would allocate huge arrays, and insert, remove and sort charge the
 * elements they move to the budget (a single insert at the front of a huge list is a long Java loop).
 */
final class BoundedTableFunctions {

    private BoundedTableFunctions() {
    }

    static void install(LuaTable table) {
        table.set("concat", new Concat(table.get("concat")));
        table.set("unpack", new Unpack(table.get("unpack")));
        table.set("insert", new Charged(table.get("insert"), false));
        table.set("remove", new Charged(table.get("remove"), false));
        table.set("sort", new Charged(table.get("sort"), true));
    }

    /** Charges one step per element the LuaJ function may move (n log n for sort), then calls it. */
    private static final class Charged extends VarArgFunction {
        private final LuaValue luajFunction;
        private final boolean sort;

        Charged(LuaValue luajFunction, boolean sort) {
            this.luajFunction = luajFunction;
            this.sort = sort;
        }

        @Override
        public Varargs invoke(Varargs args) {
            long n = args.checktable(1).rawlen();
            long steps = sort ? n * (64 - Long.numberOfLeadingZeros(n + 1)) : n + 1;
            CallBudget.current().chargeSteps(steps);
            return luajFunction.invoke(args);
        }
    }

    private static final class Concat extends VarArgFunction {
        private final LuaValue luajConcat;

        Concat(LuaValue luajConcat) {
            this.luajConcat = luajConcat;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable list = args.checktable(1);
            LuaString sep = args.optstring(2, EMPTYSTRING);
            int i = args.optint(3, 1);
            int j = args.isnoneornil(4) ? list.length() : args.checkint(4);
            CallBudget budget = CallBudget.current();
            long total = 0;
            for (long k = i; k <= j; k++) {
                LuaValue item = list.get((int) k);
                if (!item.isstring()) {
                    // LuaJ raises the proper error for a non-string item; measuring stops here.
                    break;
                }
                total += item.strvalue().m_length + (k > i ? sep.m_length : 0);
                budget.checkStringLength(total);
                budget.chargeSteps(1);
            }
            return luajConcat.invoke(args);
        }
    }

    private static final class Unpack extends VarArgFunction {
        private final LuaValue luajUnpack;

        Unpack(LuaValue luajUnpack) {
            this.luajUnpack = luajUnpack;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable list = args.checktable(1);
            long i = args.optlong(2, 1);
            long j = args.isnoneornil(3) ? list.rawlen() : args.checklong(3);
            long count = j - i + 1;
            int max = CallBudget.current().limits().maxUnpackValues();
            if (count > max) {
                // LuaJ would allocate an array of j-i+1 slots first: unpack({}, 1, 1e9) is an instant OOM.
                error("too many results to unpack (" + count + ", at most " + max + ")");
            }
            return luajUnpack.invoke(args);
        }
    }
}
