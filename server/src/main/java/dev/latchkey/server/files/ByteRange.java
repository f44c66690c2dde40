package dev.latchkey.server.files;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a representation of {@code length} bytes (RFC 9110 section 14):
 * the whole of it, one range {@code [start, end]} (inclusive), or nothing satisfiable.
 *
 * <p>One range only ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}): that is all a resuming download
 * needs. A header with several ranges, another unit, or invalid syntax is ignored and the whole
 * representation is served, as RFC 9110 allows; it is never an error.
 */
record ByteRange(Kind kind, long start, long end) {

    enum Kind { FULL, PARTIAL, UNSATISFIABLE }

    private static final Pattern SPEC = Pattern.compile("\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** Longer numbers than this are beyond any file and are read as "infinitely large" instead of overflowing. */
    private static final int MAX_DIGITS = 18;

    static ByteRange full(long length) {
        return new ByteRange(Kind.FULL, 0, length - 1);
    }

    static ByteRange parse(String header, long length) {
        if (header == null) {
            return full(length);
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return full(length);
        }
        String spec = h.substring("bytes=".length());
        if (spec.contains(",")) {
            return full(length);
        }
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            return full(length);
        }
        String first = m.group(1);
        String last = m.group(2);
        if (first.isEmpty() && last.isEmpty()) {
            return full(length);
        }
        if (first.isEmpty()) {
            long suffix = number(last);
            if (suffix == 0) {
                return unsatisfiable();
            }
            return new ByteRange(Kind.PARTIAL, Math.max(0, length - suffix), length - 1);
        }
        long start = number(first);
        long end = last.isEmpty() ? Long.MAX_VALUE : number(last);
        if (end < start) {
            // An invalid range-spec: ignored like any other malformed header.
            return full(length);
        }
        if (start >= length) {
            return unsatisfiable();
        }
        return new ByteRange(Kind.PARTIAL, start, Math.min(end, length - 1));
    }

    long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} value for a 206 answer. */
    String contentRange(long total) {
        return "bytes " + start + "-" + end + "/" + total;
    }

    private static ByteRange unsatisfiable() {
        return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
    }

    private static long number(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(d);
    }
}
