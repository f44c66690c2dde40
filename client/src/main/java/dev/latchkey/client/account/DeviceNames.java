package dev.latchkey.client.account;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this machine offers the server for a new device (the user can rename it later). */
final class DeviceNames {

    private DeviceNames() {
    }

    static String local() {
        String name = System.getenv("COMPUTERNAME");
        if (name == null || name.isBlank()) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = null;
            }
        }
        String os = System.getProperty("os.name", "");
        return name == null || name.isBlank() ? os : name + " (" + os + ")";
    }
}
