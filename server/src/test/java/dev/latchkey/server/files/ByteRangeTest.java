package dev.latchkey.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    private static final long LENGTH = 1000;

    @ParameterizedTest(name = "\"{0}\" -> {1} {2}-{3}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99        | PARTIAL | 0   | 99",
        "bytes=500-        | PARTIAL | 500 | 999",
        "bytes=-1          | PARTIAL | 999 | 999",
        "bytes=-1000       | PARTIAL | 0   | 999",
        "bytes=-5000       | PARTIAL | 0   | 999",
        "bytes=990-5000    | PARTIAL | 990 | 999",
        "bytes=999-999     | PARTIAL | 999 | 999",
        "BYTES = 1 - 2     | FULL    | 0   | 999",
        "Bytes=1-2         | PARTIAL | 1   | 2",
        "bytes= 7 - 9      | PARTIAL | 7   | 9",
        "bytes=0000012-13  | PARTIAL | 12  | 13",
        "bytes=99999999999999999999999-  | UNSATISFIABLE | 0 | -1",
        "bytes=5-99999999999999999999999 | PARTIAL | 5 | 999",
    })
    @DisplayName("single ranges resolve against the length, clamped to its end")
    void single(String header, ByteRange.Kind kind, long start, long end) {
        ByteRange r = ByteRange.parse(header, LENGTH);
        assertEquals(kind, r.kind());
        assertEquals(start, r.start());
        assertEquals(end, r.end());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=4000-"})
    @DisplayName("a range starting at or past the end, or an empty suffix, cannot be satisfied")
    void unsatisfiable(String header) {
        assertEquals(ByteRange.Kind.UNSATISFIABLE, ByteRange.parse(header, LENGTH).kind());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {"items=0-5", "bytes=5-1", "bytes=0-1,4-5", "bytes=-", "bytes=a-b", "bytes=1", "0-5", "''"})
    @DisplayName("other units, several ranges and malformed headers are ignored: the whole representation")
    void ignored(String header) {
        ByteRange r = ByteRange.parse(header, LENGTH);
        assertEquals(ByteRange.Kind.FULL, r.kind());
        assertEquals(LENGTH, r.length());
    }

    @Test
    @DisplayName("no header means the whole representation; Content-Range names the inclusive ends and the total")
    void noHeader() {
        assertEquals(ByteRange.Kind.FULL, ByteRange.parse(null, LENGTH).kind());
        assertEquals("bytes 10-19/1000", ByteRange.parse("bytes=10-19", LENGTH).contentRange(LENGTH));
        assertEquals(10, ByteRange.parse("bytes=10-19", LENGTH).length());
    }
}
