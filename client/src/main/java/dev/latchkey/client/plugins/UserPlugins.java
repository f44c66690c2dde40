package dev.latchkey.client.plugins;

import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The user's plugins: the {@code *.lua} files of the plugins folder, named after the file. */
public final class UserPlugins {

    /** Larger scripts are refused by the sandbox anyway; this stops us reading a huge file first. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    private UserPlugins() {
    }

    /** Plugin names found in {@code dir}, sorted. */
    public static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".lua"))
                    .map(UserPlugins::nameOf).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The plugin in {@code file}, named after it ({@code hello.lua} is {@code hello}). */
    public static PluginSource read(Path file) throws IOException, ScriptRejectedException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ScriptRejectedException(file.getFileName() + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return PluginSource.user(nameOf(file), Files.readAllBytes(file));
    }

    static String nameOf(Path file) {
        String f = file.getFileName().toString();
        return (f.endsWith(".lua") ? f.substring(0, f.length() - 4) : f).toLowerCase(Locale.ROOT);
    }
}
