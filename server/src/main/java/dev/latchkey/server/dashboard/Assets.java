package dev.latchkey.server.dashboard;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's stylesheet, scripts and icon ({@code web-admin/static/}), read once at start and served
 * from memory. Pages link them with {@code ?v=<version>} (a digest of all of them) so browsers may cache
 * them for good and still get a new release at once.
 */
final class Assets {

    record Asset(Buffer body, String contentType, String etag) {
    }

    static final List<String> FILES = List.of("app.css", "app.js", "overview.js", "licenses.js", "files.js", "logo.svg");

    private static volatile String version = "0";
    private final Map<String, Asset> assets;

    private Assets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    static Assets load() {
        Map<String, Asset> out = new LinkedHashMap<>();
        MessageDigest all = sha256();
        for (String name : FILES) {
            byte[] bytes = read("web-admin/static/" + name);
            all.update(bytes);
            String etag = "\"" + HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 16) + "\"";
            out.put(name, new Asset(Buffer.buffer(bytes), type(name), etag));
        }
        version = HexFormat.of().formatHex(all.digest()).substring(0, 12);
        return new Assets(out);
    }

    static String version() {
        return version;
    }

    Asset get(String name) {
        return assets.get(name);
    }

    private static String type(String name) {
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (module web-admin)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
