package dev.latchkey.plugins.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON file per plugin under a directory the client chooses, written atomically. */
public final class StoreFiles {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** A file larger than this was not written by us: it is ignored rather than parsed. */
    private static final long MAX_FILE_BYTES = 4L * PluginStore.MAX_BYTES;

    private final Path directory;

    public StoreFiles(Path directory) {
        this.directory = directory;
    }

    Map<String, Object> load(String plugin) {
        Path file = fileOf(plugin);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return Map.of();
            }
            Map<String, Object> raw = MAPPER.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, Object> values = new LinkedHashMap<>();
            raw.forEach((key, value) -> {
                if (value instanceof Number n) {
                    values.put(key, n.doubleValue());
                } else if (value instanceof String || value instanceof Boolean) {
                    values.put(key, value);
                }
            });
            return values;
        } catch (IOException e) {
            // A damaged store must not keep the plugin from starting; it starts empty.
            return Map.of();
        }
    }

    void save(String plugin, Map<String, Object> values) {
        Path file = fileOf(plugin);
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, plugin, ".tmp");
            MAPPER.writeValue(temp.toFile(), values);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the store of plugin " + plugin, e);
        }
    }

    private Path fileOf(String plugin) {
        // Plugin names are checked by the host ([a-z0-9_-]); resolving must still stay inside the directory.
        Path file = directory.resolve(plugin + ".json").normalize();
        if (!file.getParent().equals(directory.normalize())) {
            throw new IllegalArgumentException("plugin name escapes the store directory: " + plugin);
        }
        return file;
    }
}
