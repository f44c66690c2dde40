package dev.latchkey.plugins.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin's small key-value store: strings, numbers and booleans, at most {@link #MAX_BYTES} in all,
 * persisted by {@link StoreFiles} after any callback that changed it.
 */
public final class PluginStore {

    /** Total size of keys and values. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_KEY_BYTES = 128;

    private final String plugin;
    private final StoreFiles files;
    private final Map<String, Object> values;
    private int size;
    private boolean dirty;

    PluginStore(String plugin, StoreFiles files, Map<String, Object> initial) {
        this.plugin = plugin;
        this.files = files;
        this.values = new LinkedHashMap<>();
        initial.forEach((key, value) -> {
            if (accepts(key, value) && size + sizeOf(key, value) <= MAX_BYTES) {
                values.put(key, value);
                size += sizeOf(key, value);
            }
        });
    }

    /** Opens the store of {@code plugin}, loading what earlier runs saved. */
    public static PluginStore open(String plugin, StoreFiles files) {
        return new PluginStore(plugin, files, files.load(plugin));
    }

    public Object get(String key) {
        return values.get(key);
    }

    public List<String> keys() {
        return new ArrayList<>(values.keySet());
    }

    /**
     * Sets {@code key}; a null value removes it.
     *
     * @throws IllegalArgumentException for an oversized key, an unsupported value type, or a full store
     */
    public void put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("store keys are 1 to " + MAX_KEY_BYTES + " bytes");
        }
        Object previous = values.get(key);
        int previousSize = previous == null ? 0 : sizeOf(key, previous);
        if (value == null) {
            if (previous != null) {
                values.remove(key);
                size -= previousSize;
                dirty = true;
            }
            return;
        }
        if (!accepts(key, value)) {
            throw new IllegalArgumentException("store values are strings, numbers or booleans");
        }
        int newSize = size - previousSize + sizeOf(key, value);
        if (newSize > MAX_BYTES) {
            throw new IllegalArgumentException("store is full (" + MAX_BYTES + " bytes)");
        }
        values.put(key, value);
        size = newSize;
        dirty = true;
    }

    /** Bytes in use. */
    public int size() {
        return size;
    }

    /** Writes the store if it changed since the last write. */
    public void flushIfDirty() {
        if (dirty) {
            files.save(plugin, values);
            dirty = false;
        }
    }

    private static boolean accepts(String key, Object value) {
        return key != null && (value instanceof String || value instanceof Double || value instanceof Boolean);
    }

    private static int sizeOf(String key, Object value) {
        int valueSize = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8).length : 8;
        return key.getBytes(StandardCharsets.UTF_8).length + valueSize;
    }
}
