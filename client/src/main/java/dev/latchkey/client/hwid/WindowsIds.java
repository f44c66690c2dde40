package dev.latchkey.client.hwid;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;

/** The Windows install id: {@code HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid}, from the 64-bit registry view. */
final class WindowsIds {

    private WindowsIds() {
    }

    static String machineGuid() {
        try {
            // KEY_WOW64_64KEY: a 32-bit JVM would otherwise read the WOW6432Node copy, which may lack the value.
            return Advapi32Util.registryGetStringValue(WinReg.HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Cryptography",
                    "MachineGuid", WinNT.KEY_WOW64_64KEY);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
