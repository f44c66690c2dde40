package dev.latchkey.client.downloads;

import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import java.util.Locale;

/**
 * What "launch" means for a verified file: a JAR runs from memory (its {@code Main-Class}, in this JVM,
 * through {@link MemoryJar}); a {@code .lua} file runs in the plugin sandbox; anything else can be verified
 * but not launched, since that would mean writing the plaintext out.
 */
public final class Launcher {

    public enum Kind { JAR, LUA, OTHER }

    private Launcher() {
    }

    public static Kind kindOf(String fileName) {
        String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".jar")) {
            return Kind.JAR;
        }
        return n.endsWith(".lua") ? Kind.LUA : Kind.OTHER;
    }

    /** Reads the JAR from the decrypted bytes; the caller runs it with {@link MemoryJar#runMain}. */
    public static MemoryJar jar(DecryptedFile file) throws IOException {
        return MemoryJar.read(file.bytes());
    }

    /** The file as a user plugin, named after the file ({@code tool-1.2.lua} is {@code tool-1_2}). */
    public static PluginSource lua(DecryptedFile file) throws ScriptRejectedException {
        String base = file.info().name().replaceFirst("(?i)\\.lua$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "file_" + base;
        }
        return PluginSource.user(base.length() > 64 ? base.substring(0, 64) : base, file.bytes());
    }
}
