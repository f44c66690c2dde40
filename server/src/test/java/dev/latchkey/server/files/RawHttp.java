package dev.latchkey.server.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library will not do on purpose: stop in the middle of
 * a body, lie about it, or keep sending after the server has answered.
 */
final class RawHttp implements AutoCloseable {

    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    final Socket socket;
    final OutputStream out;
    final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends the request line and headers ({@code headers} as "Name: value" lines without the final blank line). */
    void head(String method, String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void chunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void lastChunk() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads one response: status line, headers, and a body of Content-Length bytes (or up to the end of the
     * connection when there is none). Skips interim 1xx answers unless {@code interim} is true.
     */
    Response read(boolean interim) throws IOException {
        while (true) {
            String head = readHead();
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            if (status >= 100 && status < 200 && !interim) {
                continue;
            }
            Response bare = new Response(status, head, "");
            String length = bare.header("Content-Length");
            byte[] body;
            if (status < 200) {
                body = new byte[0];
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else {
                body = readToEnd();
            }
            return new Response(status, head, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Whether the server closes the connection within the socket timeout (reads and drops anything before it). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before a response head: " + b.toString(StandardCharsets.US_ASCII));
            }
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String head = b.toString(StandardCharsets.US_ASCII);
        if (!head.toLowerCase(Locale.ROOT).startsWith("http/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + head);
        }
        return head;
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (IOException reset) {
            // the body ends with the connection either way
        }
        return b.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
