package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.rep} and a size-checked {@code string.format}: both can build a huge string in one
 * instruction, so their output size is computed and checked against the cap before anything is built.
 */
final class BoundedStringFunctions {

    /** Widest text one numeric or %c conversion can produce: 99 width/precision plus a 309-digit double. */
    private static final int MAX_NUMERIC_CONVERSION = 99 + 99 + 320;

    private BoundedStringFunctions() {
    }

    static void install(LuaTable string, LuaValue luajFormat) {
        string.set("rep", new Rep());
        string.set("format", new Format(luajFormat));
    }

    /** string.rep(s, n [, sep]) as in Lua 5.2, refusing results over the cap before allocating them. */
    private static final class Rep extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            long n = args.checklong(2);
            LuaString sep = args.optstring(3, EMPTYSTRING);
            // Nothing to copy: without this, rep('', 1e15) would spin in an unmetered Java loop.
            if (n <= 0 || (s.m_length == 0 && sep.m_length == 0)) {
                return EMPTYSTRING;
            }
            long total = n > Integer.MAX_VALUE ? Long.MAX_VALUE
                    : (long) s.m_length * n + (long) sep.m_length * (n - 1);
            CallBudget.current().checkStringLength(total);
            byte[] bytes = new byte[(int) total];
            int offset = 0;
            for (long i = 0; i < n; i++) {
                if (i > 0) {
                    sep.copyInto(0, bytes, offset, sep.m_length);
                    offset += sep.m_length;
                }
                s.copyInto(0, bytes, offset, s.m_length);
                offset += s.m_length;
            }
            return LuaString.valueUsing(bytes);
        }
    }

    /** LuaJ's format, called only when an upper bound of its output fits under the cap. */
    private static final class Format extends VarArgFunction {
        private final LuaValue luajFormat;

        Format(LuaValue luajFormat) {
            this.luajFormat = luajFormat;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString fmt = args.checkstring(1);
            CallBudget.current().checkStringLength(upperBound(fmt, args));
            return luajFormat.invoke(args);
        }

        private static long upperBound(LuaString fmt, Varargs args) {
            long total = fmt.m_length;
            int arg = 1;
            for (int i = 0; i < fmt.m_length; i++) {
                if (fmt.luaByte(i) != '%' || i + 1 >= fmt.m_length) {
                    continue;
                }
                if (fmt.luaByte(i + 1) == '%') {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < fmt.m_length && "-+ #0123456789.".indexOf(fmt.luaByte(j)) >= 0) {
                    j++;
                }
                int conversion = j < fmt.m_length ? fmt.luaByte(j) : 0;
                LuaValue value = args.arg(++arg);
                long textLength = value.isstring() ? value.strvalue().m_length : 0;
                total += switch (conversion) {
                    case 's' -> textLength + 99;
                    // %q escapes at most one byte into four ("\000"), plus the quotes.
                    case 'q' -> 4 * textLength + 2;
                    default -> MAX_NUMERIC_CONVERSION;
                };
                i = j;
            }
            return total;
        }
    }
}
