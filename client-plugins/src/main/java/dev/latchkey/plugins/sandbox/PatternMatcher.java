/*
 * Adapted from LuaJ 3.0.1, org.luaj.vm2.lib.StringLib.MatchState, itself a port of Lua 5.2 lstrlib.c.
 * Copyright (c) 2009-2011 Luaj.org. MIT License: permission is granted to use, copy, modify, merge,
 * publish, distribute, sublicense and/or sell copies, provided this notice is kept; the software is
 * provided "as is", without warranty of any kind.
 *
 * Changes for Latchkey: every matching step is metered (LuaJ's matcher cannot be interrupted, and
 * backtracking patterns run for hours), recursion is capped as in C Lua, and reads past the end of
 * the subject behave like C's terminating NUL instead of throwing.
 */
package dev.latchkey.plugins.sandbox;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua 5.2 pattern matching over one subject and one pattern, charging each step to a {@link PatternMeter}. */
final class PatternMatcher {

    static final LuaString SPECIALS = LuaValue.valueOf("^$*+?.([%-");

    private static final int L_ESC = '%';
    private static final int MAX_CAPTURES = 32;
    // C Lua's MAXCCALLS: without it "a?a?a?..." recurses once per item and overflows the Java stack.
    private static final int MAX_RECURSION = 200;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;

    final LuaString s;
    final LuaString p;
    private final PatternMeter meter;
    int level;
    private final int[] cinit = new int[MAX_CAPTURES];
    private final int[] clen = new int[MAX_CAPTURES];
    private int depth;

    PatternMatcher(LuaString subject, LuaString pattern, PatternMeter meter) {
        this.s = subject;
        this.p = pattern;
        this.meter = meter;
    }

    void reset() {
        level = 0;
        depth = 0;
    }

    /** Byte of the pattern at {@code i}, or 0 past its end (C's terminating NUL). */
    private int pat(int i) {
        return i < p.m_length ? p.luaByte(i) : 0;
    }

    /** Byte of the subject at {@code i}, or 0 past its end. */
    private int sub(int i) {
        return i < s.m_length ? s.luaByte(i) : 0;
    }

    Varargs pushCaptures(boolean wholeMatch, int soff, int end) {
        int nlevels = (level == 0 && wholeMatch) ? 1 : level;
        if (nlevels == 0) {
            return LuaValue.NONE;
        }
        if (nlevels == 1) {
            return pushOneCapture(0, soff, end);
        }
        LuaValue[] v = new LuaValue[nlevels];
        for (int i = 0; i < nlevels; ++i) {
            v[i] = pushOneCapture(i, soff, end);
        }
        return LuaValue.varargsOf(v);
    }

    LuaValue pushOneCapture(int i, int soff, int end) {
        if (i >= level) {
            if (i == 0) {
                return s.substring(soff, end);
            }
            throw new LuaError("invalid capture index");
        }
        int l = clen[i];
        if (l == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (l == CAP_POSITION) {
            return LuaValue.valueOf(cinit[i] + 1);
        }
        return s.substring(cinit[i], cinit[i] + l);
    }

    /** Offset where a match starting at {@code soffset} ends, or -1. */
    int match(int soffset, int poffset) {
        if (++depth > MAX_RECURSION) {
            throw new LuaError("pattern too complex");
        }
        try {
            return doMatch(soffset, poffset);
        } finally {
            depth--;
        }
    }

    private int doMatch(int soffset, int poffset) {
        while (true) {
            meter.tick();
            if (poffset == p.m_length) {
                return soffset;
            }
            switch (pat(poffset)) {
                case '(':
                    if (pat(poffset + 1) == ')') {
                        return startCapture(soffset, poffset + 2, CAP_POSITION);
                    }
                    return startCapture(soffset, poffset + 1, CAP_UNFINISHED);
                case ')':
                    return endCapture(soffset, poffset + 1);
                case L_ESC:
                    if (poffset + 1 == p.m_length) {
                        throw new LuaError("malformed pattern (ends with '%')");
                    }
                    int next = pat(poffset + 1);
                    if (next == 'b') {
                        soffset = matchBalance(soffset, poffset + 2);
                        if (soffset == -1) {
                            return -1;
                        }
                        poffset += 4;
                        continue;
                    }
                    if (next == 'f') {
                        poffset += 2;
                        if (pat(poffset) != '[') {
                            throw new LuaError("missing '[' after '%f' in pattern");
                        }
                        int ep = classEnd(poffset);
                        int previous = (soffset == 0) ? 0 : sub(soffset - 1);
                        if (matchBracketClass(previous, poffset, ep - 1)
                                || !matchBracketClass(sub(soffset), poffset, ep - 1)) {
                            return -1;
                        }
                        poffset = ep;
                        continue;
                    }
                    if (Character.isDigit((char) next)) {
                        soffset = matchCapture(soffset, next);
                        if (soffset == -1) {
                            return -1;
                        }
                        poffset += 2;
                        continue;
                    }
                    break;
                case '$':
                    if (poffset + 1 == p.m_length) {
                        return (soffset == s.m_length) ? soffset : -1;
                    }
                    break;
                default:
                    break;
            }
            int ep = classEnd(poffset);
            boolean m = soffset < s.m_length && singleMatch(s.luaByte(soffset), poffset, ep);
            int pc = pat(ep);
            switch (pc) {
                case '?':
                    if (m) {
                        int res = match(soffset + 1, ep + 1);
                        if (res != -1) {
                            return res;
                        }
                    }
                    poffset = ep + 1;
                    continue;
                case '*':
                    return maxExpand(soffset, poffset, ep);
                case '+':
                    return m ? maxExpand(soffset + 1, poffset, ep) : -1;
                case '-':
                    return minExpand(soffset, poffset, ep);
                default:
                    if (!m) {
                        return -1;
                    }
                    soffset++;
                    poffset = ep;
            }
        }
    }

    private int maxExpand(int soff, int poff, int ep) {
        int i = 0;
        while (soff + i < s.m_length && singleMatch(s.luaByte(soff + i), poff, ep)) {
            meter.tick();
            i++;
        }
        while (i >= 0) {
            int res = match(soff + i, ep + 1);
            if (res != -1) {
                return res;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int soff, int poff, int ep) {
        for (;;) {
            int res = match(soff, ep + 1);
            if (res != -1) {
                return res;
            }
            if (soff < s.m_length && singleMatch(s.luaByte(soff), poff, ep)) {
                soff++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int soff, int poff, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        cinit[level] = soff;
        clen[level] = what;
        level++;
        int res = match(soff, poff);
        if (res == -1) {
            level--;
        }
        return res;
    }

    private int endCapture(int soff, int poff) {
        int l = captureToClose();
        clen[l] = soff - cinit[l];
        int res = match(soff, poff);
        if (res == -1) {
            clen[l] = CAP_UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (clen[l] == CAP_UNFINISHED) {
                return l;
            }
        }
        throw new LuaError("invalid pattern capture");
    }

    private int matchCapture(int soff, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || clen[l] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index");
        }
        int len = clen[l];
        meter.charge(len);
        if (s.m_length - soff >= len && LuaString.equals(s, cinit[l], s, soff, len)) {
            return soff + len;
        }
        return -1;
    }

    private int matchBalance(int soff, int poff) {
        if (poff + 1 >= p.m_length) {
            throw new LuaError("malformed pattern (missing arguments to '%b')");
        }
        if (soff >= s.m_length || s.luaByte(soff) != p.luaByte(poff)) {
            return -1;
        }
        int open = p.luaByte(poff);
        int close = p.luaByte(poff + 1);
        int count = 1;
        while (++soff < s.m_length) {
            meter.tick();
            int c = s.luaByte(soff);
            if (c == close) {
                if (--count == 0) {
                    return soff + 1;
                }
            } else if (c == open) {
                count++;
            }
        }
        return -1;
    }

    private int classEnd(int poffset) {
        switch (pat(poffset++)) {
            case L_ESC:
                if (poffset >= p.m_length) {
                    throw new LuaError("malformed pattern (ends with '%')");
                }
                return poffset + 1;
            case '[':
                if (pat(poffset) == '^') {
                    poffset++;
                }
                do {
                    meter.tick();
                    if (poffset >= p.m_length) {
                        throw new LuaError("malformed pattern (missing ']')");
                    }
                    if (p.luaByte(poffset++) == L_ESC && poffset < p.m_length) {
                        poffset++;
                    }
                } while (pat(poffset) != ']');
                return poffset + 1;
            default:
                return poffset;
        }
    }

    private boolean singleMatch(int c, int poff, int ep) {
        switch (pat(poff)) {
            case '.':
                return true;
            case L_ESC:
                return CharClass.matches(c, pat(poff + 1));
            case '[':
                return matchBracketClass(c, poff, ep - 1);
            default:
                return pat(poff) == c;
        }
    }

    private boolean matchBracketClass(int c, int poff, int ec) {
        boolean sig = true;
        if (pat(poff + 1) == '^') {
            sig = false;
            poff++;
        }
        while (++poff < ec) {
            meter.tick();
            if (pat(poff) == L_ESC) {
                poff++;
                if (CharClass.matches(c, pat(poff))) {
                    return sig;
                }
            } else if (pat(poff + 1) == '-' && poff + 2 < ec) {
                poff += 2;
                if (pat(poff - 2) <= c && c <= pat(poff)) {
                    return sig;
                }
            } else if (pat(poff) == c) {
                return sig;
            }
        }
        return !sig;
    }
}
