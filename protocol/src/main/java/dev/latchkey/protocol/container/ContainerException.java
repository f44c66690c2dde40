package dev.latchkey.protocol.container;

import java.io.IOException;

/**
 * A container was refused. It is an {@link IOException} so that {@link ContainerInputStream} can throw it
 * directly; {@link #reason()} says why in a form callers can branch on.
 */
public final class ContainerException extends IOException {

    /** Why a container was refused. */
    public enum Reason {
        /** The header is not LKC1, or names a segment size outside the accepted range. */
        HEADER,
        /** The header names another file id than the one the caller expected. */
        FILE_MISMATCH,
        /** The input ended inside the header or with fewer bytes than a tag for the last segment. */
        TRUNCATED,
        /**
         * A segment failed AES-GCM verification or breaks the segment structure. Tampering, a dropped or
         * cut-off final segment, reordered or spliced segments, a foreign header and trailing bytes all
         * end up here, because each of them changes a segment's nonce, AAD or bytes.
         */
        SEGMENT
    }

    private final Reason reason;

    public ContainerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ContainerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
