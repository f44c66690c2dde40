package dev.latchkey.protocol.container;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link OutputStream} of plaintext that writes an LKC1 container to a sink. Call {@link #finish()} to seal
 * the last segment and get the digest; {@link #close()} then closes the sink.
 *
 * <p>{@code close()} without {@code finish()} deliberately writes no final segment: an upload interrupted by
 * an exception inside try-with-resources must leave a container that never decrypts, not a valid truncated
 * file.
 */
public final class ContainerOutputStream extends OutputStream {

    private final ContainerWriter writer;
    private final OutputStream sink;
    private ContainerSummary summary;
    private boolean closed;

    public ContainerOutputStream(ContainerWriter writer, OutputStream sink) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        requireWritable();
        byte[] out = writer.write(b, off, len);
        if (out.length > 0) {
            sink.write(out);
        }
    }

    /** Seals the last segment, flushes the sink and returns the summary. */
    public ContainerSummary finish() throws IOException {
        requireWritable();
        ContainerWriter.Finished finished = writer.finish();
        sink.write(finished.tail());
        sink.flush();
        summary = finished.summary();
        return summary;
    }

    /** The summary once {@link #finish()} has run, else {@code null}. */
    public ContainerSummary summary() {
        return summary;
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            sink.close();
        }
    }

    private void requireWritable() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (summary != null) {
            throw new IOException("container already finished");
        }
    }
}
