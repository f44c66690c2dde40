package dev.latchkey.client.hwid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Linux identifiers OSHI may miss, read from sysfs and {@code /etc/machine-id}. */
final class LinuxIds {

    private static final List<String> VIRTUAL_PREFIXES = List.of("loop", "ram", "zram", "dm-", "md", "sr", "fd", "nbd");

    private LinuxIds() {
    }

    /** {@code /sys/block/NAME/serial} or {@code /sys/block/NAME/device/serial}. */
    static String blockDeviceSerial(Path root, String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("..")) {
            return null;
        }
        Path dev = root.resolve("sys/block").resolve(name);
        String serial = read(dev.resolve("serial"));
        return HardwareId.usable(serial) != null ? serial : read(dev.resolve("device/serial"));
    }

    /** The first physical block device (by name) with a usable serial. */
    static String firstBlockDeviceSerial(Path root) {
        Path block = root.resolve("sys/block");
        if (!Files.isDirectory(block)) {
            return null;
        }
        try (Stream<Path> devices = Files.list(block)) {
            return devices.map(p -> p.getFileName().toString())
                    .filter(n -> VIRTUAL_PREFIXES.stream().noneMatch(n::startsWith))
                    .sorted()
                    .map(n -> HardwareId.usable(blockDeviceSerial(root, n)))
                    .filter(s -> s != null)
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The OS install id: {@code /etc/machine-id}, or D-Bus's copy. */
    static String machineId(Path root) {
        String id = read(root.resolve("etc/machine-id"));
        return HardwareId.usable(id) != null ? id : read(root.resolve("var/lib/dbus/machine-id"));
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
