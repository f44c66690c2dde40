package dev.latchkey.client.hwid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.protocol.hwid.HwidComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareIdTest {

    @Test
    @DisplayName("blank, 'unknown' and firmware placeholder values are dropped; every other component is its own SHA-256")
    void dropsPlaceholdersAndHashesEach() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("cpu", "BFEBFBFF000906EA");
        raw.put("board", "unknown");
        raw.put("system", "03000200-0400-0500-0006-000700080009");
        raw.put("disk", "  WD-WCC4E1234567 ");
        raw.put("mac", "");
        raw.put("machine", "To be filled by O.E.M.");
        raw.put("other", "00000000-0000-0000-0000-000000000000");
        raw.put("none", null);
        HardwareId id = HardwareId.fromRaw(raw);
        assertEquals(Map.of("cpu", HwidComponents.sha256Hex("BFEBFBFF000906EA"), "disk", HwidComponents.sha256Hex("WD-WCC4E1234567")),
                id.components());
        // What the server validates: names and 64 hex digits.
        assertEquals(2, HwidComponents.of(id.components()).size());
    }

    @Test
    @DisplayName("a changed part changes one component only, so the server's 70% rule can still recognise the machine")
    void oneChangedPartChangesOneComponent() {
        Map<String, String> a = Map.of("cpu", "c1", "board", "b1", "disk", "d1", "mac", "00:1a:2b:3c:4d:5e", "machine", "m1");
        Map<String, String> b = new LinkedHashMap<>(a);
        b.put("disk", "d2");
        Map<String, String> ha = HardwareId.fromRaw(a).components();
        Map<String, String> hb = HardwareId.fromRaw(b).components();
        long same = ha.keySet().stream().filter(k -> ha.get(k).equals(hb.get(k))).count();
        assertEquals(4, same);
    }

    @Test
    @DisplayName("only globally administered unicast MACs identify hardware")
    void macFilter() {
        assertTrue(OshiProbe.globallyAdministered("00:1a:2b:3c:4d:5e"));
        assertFalse(OshiProbe.globallyAdministered("02:42:ac:11:00:02"), "locally administered (containers, VMs)");
        assertFalse(OshiProbe.globallyAdministered("01:00:5e:00:00:01"), "multicast");
        assertFalse(OshiProbe.globallyAdministered("00:00:00:00:00:00"));
        assertFalse(OshiProbe.globallyAdministered("unknown"));
    }

    @Test
    @DisplayName("Linux fallbacks read /sys/block/*/serial (skipping loop and ram devices) and /etc/machine-id")
    void linuxFallbacks(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("sys/block/loop0"));
        Files.writeString(root.resolve("sys/block/loop0/serial"), "loopserial\n");
        Files.createDirectories(root.resolve("sys/block/vda"));
        Files.writeString(root.resolve("sys/block/vda/serial"), "vda-serial-123\n");
        Files.createDirectories(root.resolve("sys/block/vdb/device"));
        Files.writeString(root.resolve("sys/block/vdb/device/serial"), "vdb-serial\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
        assertEquals("vda-serial-123", LinuxIds.firstBlockDeviceSerial(root));
        assertEquals("vdb-serial", LinuxIds.blockDeviceSerial(root, "vdb"));
        assertNull(LinuxIds.blockDeviceSerial(root, "../etc"));
        assertEquals("0123456789abcdef0123456789abcdef", LinuxIds.machineId(root));
    }

    @Test
    @DisplayName("on this machine the probe yields components, including the OS install id when /etc/machine-id has one")
    void realProbe() throws Exception {
        HardwareId id = HardwareId.fromRaw(new OshiProbe(Path.of("/")).read());
        assertFalse(id.isEmpty());
        Path machineId = Path.of("/etc/machine-id");
        if (Files.isReadable(machineId) && HardwareId.usable(Files.readString(machineId)) != null) {
            assertEquals(HwidComponents.sha256Hex(Files.readString(machineId).strip()), id.components().get(HardwareId.MACHINE));
        }
        id.components().values().forEach(h -> assertTrue(h.matches("[0-9a-f]{64}")));
    }
}
