package dev.latchkey.server.dashboard;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** CSV for spreadsheets: RFC 4180 quoting, CRLF lines, and no cell that a spreadsheet would run as a formula. */
final class Csv {

    private final StringBuilder out = new StringBuilder();

    Csv row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String cell(Object value) {
        String s = value == null ? "" : value.toString();
        // Why: a leading = + - @ (or tab, CR) makes spreadsheets evaluate the cell (CSV injection).
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.startsWith("'")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    void send(RoutingContext ctx, int status, String filename) {
        Views.headers(ctx.response()).setStatusCode(status)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .end(io.vertx.core.buffer.Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
