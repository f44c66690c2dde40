package dev.latchkey.server.audit;

import dev.latchkey.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the audit trail's order (newest first: by time, then id), for keyset pagination: the
 * next page starts right after the last event shown, found through an index, however deep in the trail.
 * Sent as an opaque URL-safe string; the time keeps PostgreSQL's microseconds so no event is skipped or
 * shown twice.
 */
public record AuditCursor(Instant at, long id) {

    private static final Pattern FORMAT = Pattern.compile("v1:(-?\\d{1,19}):(\\d{1,19})");

    public static AuditCursor of(OffsetDateTime at, long id) {
        return new AuditCursor(at.toInstant(), id);
    }

    public OffsetDateTime time() {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code raw}, null when absent; anything else than one this class wrote is refused. */
    public static AuditCursor parse(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            Matcher m = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.US_ASCII));
            if (m.matches()) {
                long micros = Long.parseLong(m.group(1));
                return new AuditCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
                        Long.parseLong(m.group(2)));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // falls through to the one message below (NumberFormatException is an IllegalArgumentException)
        }
        throw ApiException.validation(name + " must be a cursor from an earlier answer (its next or prev)");
    }
}
