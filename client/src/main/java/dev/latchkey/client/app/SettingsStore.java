package dev.latchkey.client.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Loads and saves {@link Settings}; a save replaces the file atomically so a crash never leaves half a file. */
public final class SettingsStore {

    private static final Logger LOG = Logger.getLogger(SettingsStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private Settings current;

    public SettingsStore(Path file) {
        this.file = file;
        this.current = load(file);
    }

    public synchronized Settings get() {
        return current;
    }

    /** Applies {@code change}, saves, and returns the new settings. A failed save is logged; the change holds in memory. */
    public synchronized Settings update(UnaryOperator<Settings> change) {
        current = change.apply(current);
        try {
            save(current);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save settings to " + file, e);
        }
        return current;
    }

    private void save(Settings settings) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), settings);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Settings load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Settings.defaults();
        }
        try {
            return JSON.readValue(file.toFile(), Settings.class);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Settings file " + file + " is unreadable; starting from defaults", e);
            return Settings.defaults();
        }
    }
}
