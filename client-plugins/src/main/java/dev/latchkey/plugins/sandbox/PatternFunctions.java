package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.find}, {@code match}, {@code gmatch} and {@code gsub} on the metered {@link PatternMatcher}:
 * subjects are size-capped, matching is step-counted, and {@code gsub} output is capped as it grows.
 */
final class PatternFunctions {

    private PatternFunctions() {
    }

    static void install(LuaTable string) {
        string.set("find", new Find(true));
        string.set("match", new Find(false));
        string.set("gmatch", new GMatch());
        string.set("gsub", new GSub());
    }

    private static LuaString subject(Varargs args) {
        LuaString s = args.checkstring(1);
        CallBudget budget = CallBudget.current();
        if (s.m_length > budget.limits().maxPatternSubjectBytes()) {
            // Matching cost grows with the subject; a cap keeps even simple patterns cheap.
            budget.trip(SandboxViolation.Kind.STRING_TOO_LARGE, "pattern subject of " + s.m_length
                    + " bytes exceeds the " + budget.limits().maxPatternSubjectBytes() + "-byte cap");
        }
        return s;
    }

    private static int startOffset(Varargs args, int index, int length) {
        int init = args.optint(index, 1);
        if (init > 0) {
            return Math.min(init - 1, length);
        }
        if (init < 0) {
            return Math.max(0, length + init);
        }
        return 0;
    }

    /** find (with positions) or match (captures only). */
    private static final class Find extends VarArgFunction {
        private final boolean find;

        Find(boolean find) {
            this.find = find;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = subject(args);
            LuaString pat = args.checkstring(2);
            int init = startOffset(args, 3, s.m_length);
            PatternMeter meter = PatternMeter.forCurrentCallback();
            try {
                if (find && (args.arg(4).toboolean() || pat.indexOfAny(PatternMatcher.SPECIALS) == -1)) {
                    int at = plainFind(s, pat, init, meter);
                    return at < 0 ? NIL : varargsOf(valueOf(at + 1), valueOf(at + pat.m_length));
                }
                PatternMatcher ms = new PatternMatcher(s, pat, meter);
                boolean anchor = pat.m_length > 0 && pat.luaByte(0) == '^';
                int poff = anchor ? 1 : 0;
                int soff = init;
                do {
                    ms.reset();
                    int end = ms.match(soff, poff);
                    if (end != -1) {
                        return find ? varargsOf(valueOf(soff + 1), valueOf(end), ms.pushCaptures(false, soff, end))
                                : ms.pushCaptures(true, soff, end);
                    }
                } while (soff++ < s.m_length && !anchor);
                return NIL;
            } finally {
                meter.flush();
            }
        }

        /** LuaString.indexOf is a naive O(n*m) scan the meter cannot see; this one is metered. */
        private static int plainFind(LuaString s, LuaString pat, int init, PatternMeter meter) {
            int n = pat.m_length;
            for (int i = init; i + n <= s.m_length; i++) {
                int j = 0;
                while (j < n && s.luaByte(i + j) == pat.luaByte(j)) {
                    j++;
                }
                meter.charge(j + 1L);
                if (j == n) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final class GMatch extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return new GMatchIterator(subject(args), args.checkstring(2));
        }
    }

    /** The iterator gmatch returns; each call is metered against the callback that makes it. */
    private static final class GMatchIterator extends VarArgFunction {
        private final LuaString src;
        private final LuaString pat;
        private int soffset;

        GMatchIterator(LuaString src, LuaString pat) {
            this.src = src;
            this.pat = pat;
        }

        @Override
        public Varargs invoke(Varargs args) {
            PatternMeter meter = PatternMeter.forCurrentCallback();
            try {
                PatternMatcher ms = new PatternMatcher(src, pat, meter);
                for (; soffset <= src.m_length; soffset++) {
                    ms.reset();
                    int end = ms.match(soffset, 0);
                    if (end != -1) {
                        int start = soffset;
                        // An empty match must still advance, or the loop would return it forever.
                        soffset = end == start ? end + 1 : end;
                        return ms.pushCaptures(true, start, end);
                    }
                }
                return NIL;
            } finally {
                meter.flush();
            }
        }
    }

    private static final class GSub extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString src = subject(args);
            LuaString pat = args.checkstring(2);
            LuaValue repl = args.arg(3);
            int type = repl.type();
            if (type != TSTRING && type != TNUMBER && type != TTABLE && type != TFUNCTION) {
                argerror(3, "string/function/table expected");
            }
            int maxReplacements = args.optint(4, src.m_length + 1);
            boolean anchor = pat.m_length > 0 && pat.luaByte(0) == '^';
            CallBudget budget = CallBudget.current();
            PatternMeter meter = PatternMeter.forCurrentCallback();
            try {
                CappedBuffer out = new CappedBuffer(budget, src.m_length);
                PatternMatcher ms = new PatternMatcher(src, pat, meter);
                int soffset = 0;
                int n = 0;
                while (n < maxReplacements) {
                    ms.reset();
                    int end = ms.match(soffset, anchor ? 1 : 0);
                    if (end != -1) {
                        n++;
                        addValue(ms, out, soffset, end, repl);
                    }
                    if (end != -1 && end > soffset) {
                        soffset = end;
                    } else if (soffset < src.m_length) {
                        out.append(src.luaByte(soffset++));
                    } else {
                        break;
                    }
                    if (anchor) {
                        break;
                    }
                }
                out.append(src, soffset, src.m_length);
                return varargsOf(out.toLuaString(), valueOf(n));
            } finally {
                meter.flush();
            }
        }

        private static void addValue(PatternMatcher ms, CappedBuffer out, int soff, int end, LuaValue repl) {
            LuaValue value;
            switch (repl.type()) {
                case TSTRING, TNUMBER -> {
                    addString(ms, out, repl.strvalue(), soff, end);
                    return;
                }
                case TFUNCTION -> value = repl.invoke(ms.pushCaptures(true, soff, end)).arg1();
                default -> value = repl.get(ms.pushOneCapture(0, soff, end));
            }
            if (!value.toboolean()) {
                out.append(ms.s, soff, end);
            } else if (value.isstring()) {
                out.append(value.strvalue());
            } else {
                throw new LuaError("invalid replacement value (a " + value.typename() + ")");
            }
        }

        private static void addString(PatternMatcher ms, CappedBuffer out, LuaString news, int soff, int end) {
            int l = news.m_length;
            for (int i = 0; i < l; ++i) {
                int b = news.luaByte(i);
                if (b != '%') {
                    out.append(b);
                    continue;
                }
                if (++i >= l) {
                    throw new LuaError("invalid use of '%' in replacement string");
                }
                b = news.luaByte(i);
                if (b == '%') {
                    out.append(b);
                } else if (b == '0') {
                    out.append(ms.s, soff, end);
                } else if (Character.isDigit((char) b)) {
                    out.append(ms.pushOneCapture(b - '1', soff, end).strvalue());
                } else {
                    throw new LuaError("invalid use of '%' in replacement string");
                }
            }
        }
    }
}
