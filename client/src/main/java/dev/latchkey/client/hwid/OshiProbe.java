package dev.latchkey.client.hwid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import oshi.SystemInfo;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * Raw identifiers from OSHI: processor id, baseboard serial, system UUID, the first disk's serial,
 * the primary globally administered MAC, and the OS install id. Where OSHI sees nothing (VMs without
 * DMI tables, virtio disks), {@link LinuxIds} reads {@code /sys/block/*}/serial and {@code /etc/machine-id}.
 */
public final class OshiProbe implements HardwareProbe {

    private static final Logger LOG = Logger.getLogger(OshiProbe.class.getName());

    private final Path root;

    /** @param root the file system root for the Linux fallbacks ({@code /}; tests pass a folder) */
    public OshiProbe(Path root) {
        this.root = root;
    }

    @Override
    public Map<String, String> read() {
        Map<String, String> raw = new LinkedHashMap<>();
        HardwareAbstractionLayer hal;
        try {
            hal = new SystemInfo().getHardware();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "OSHI is not available on this platform; using the OS fallbacks only", e);
            hal = null;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (hal != null) {
            HardwareAbstractionLayer h = hal;
            ComputerSystem cs = safe(h::getComputerSystem);
            raw.put(HardwareId.CPU, safe(() -> h.getProcessor().getProcessorIdentifier().getProcessorID()));
            if (cs != null) {
                raw.put(HardwareId.BOARD, safe(() -> cs.getBaseboard().getSerialNumber()));
                raw.put(HardwareId.SYSTEM, safe(cs::getHardwareUUID));
            }
            raw.put(HardwareId.DISK, firstDiskSerial(h));
            raw.put(HardwareId.MAC, primaryMac(h));
        }
        if (HardwareId.usable(raw.get(HardwareId.DISK)) == null && os.contains("linux")) {
            raw.put(HardwareId.DISK, LinuxIds.firstBlockDeviceSerial(root));
        }
        if (os.startsWith("windows")) {
            raw.put(HardwareId.MACHINE, WindowsIds.machineGuid());
        } else if (os.contains("linux")) {
            raw.put(HardwareId.MACHINE, LinuxIds.machineId(root));
        }
        return raw;
    }

    /** The serial of the first disk (by name: {@code PhysicalDrive0}, {@code nvme0n1}, {@code sda}) that has one. */
    private String firstDiskSerial(HardwareAbstractionLayer hal) {
        List<HWDiskStore> disks = safe(hal::getDiskStores);
        if (disks == null) {
            return null;
        }
        List<HWDiskStore> sorted = new ArrayList<>(disks);
        sorted.sort(Comparator.comparing(HWDiskStore::getName));
        for (HWDiskStore d : sorted) {
            String serial = HardwareId.usable(d.getSerial());
            if (serial == null) {
                // OSHI reports "unknown" for virtio disks whose serial sysfs has.
                serial = HardwareId.usable(LinuxIds.blockDeviceSerial(root, baseName(d.getName())));
            }
            if (serial != null) {
                return serial;
            }
        }
        return null;
    }

    /** The lowest-index interface whose MAC is globally administered and unicast. */
    private static String primaryMac(HardwareAbstractionLayer hal) {
        List<NetworkIF> nics = safe(() -> hal.getNetworkIFs(false));
        if (nics == null) {
            return null;
        }
        return nics.stream()
                .filter(n -> globallyAdministered(n.getMacaddr()))
                .min(Comparator.comparingInt(NetworkIF::getIndex))
                .map(n -> n.getMacaddr().toLowerCase(Locale.ROOT))
                .orElse(null);
    }

    /**
     * A locally administered MAC (bit 1 of the first octet) is made up by software: VMs, containers,
     * Wi-Fi privacy addresses. It changes at will, so it cannot identify hardware.
     */
    static boolean globallyAdministered(String mac) {
        if (mac == null || HardwareId.usable(mac) == null) {
            return false;
        }
        String[] parts = mac.split("[:-]");
        if (parts.length != 6) {
            return false;
        }
        try {
            int first = Integer.parseInt(parts[0], 16);
            return (first & 0x02) == 0 && (first & 0x01) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String baseName(String device) {
        int slash = device.lastIndexOf('/');
        return slash < 0 ? device : device.substring(slash + 1);
    }

    private static <T> T safe(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "a hardware value could not be read", e);
            return null;
        }
    }
}
