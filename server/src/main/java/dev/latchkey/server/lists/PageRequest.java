package dev.latchkey.server.lists;

import dev.latchkey.server.http.ApiException;

/**
 * Which page of a list: at most {@code limit} rows after the cursor {@code after}, or before {@code before}
 * (the previous page), or, without either, the first page or one {@code offset} rows in.
 */
public record PageRequest(int limit, String after, String before, int offset) {

    /**
     * How far offset paging reaches. Each page of it reads and drops every row before it, so paging a million
     * rows by offset costs the database as much as reading the table a few thousand times; beyond this the
     * cursor ({@code after} = the previous answer's {@code next}) pages at the same cost at any depth.
     */
    public static final int MAX_OFFSET = 10_000;

    public PageRequest {
        after = blank(after) ? null : after.trim();
        before = blank(before) ? null : before.trim();
        if (after != null && before != null) {
            throw ApiException.validation("give after or before, not both");
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ApiException.validation("offset must be between 0 and " + MAX_OFFSET
                    + "; page further with after=<the previous page's next>");
        }
        if (offset > 0 && (after != null || before != null)) {
            throw ApiException.validation("give offset or a cursor, not both");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null, null, 0);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
