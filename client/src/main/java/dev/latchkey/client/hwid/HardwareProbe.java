package dev.latchkey.client.hwid;

import java.util.Map;

/** Reads raw hardware identifiers. Values may be blank or placeholders: {@link HardwareId} filters them. */
@FunctionalInterface
public interface HardwareProbe {

    /** Component name -> raw value. Never throws: a part that cannot be read is simply absent. */
    Map<String, String> read();
}
