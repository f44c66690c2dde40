package dev.latchkey.plugins.builtin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Where built-in plugins, their signatures and the build's public key live, and what exactly is signed. */
public final class BuiltinSignatures {

    /** Classpath folder of the built-in scripts ({@code <name>.lua}) and their signatures ({@code <name>.lua.sig}). */
    public static final String RESOURCE_DIR = "dev/latchkey/plugins/builtin/";
    /** Raw 32-byte Ed25519 public key of this build, base64. */
    public static final String PUBLIC_KEY_FILE = RESOURCE_DIR + "builtin-plugins.pub";

    private static final byte[] DOMAIN = "latchkey-builtin-plugin-v1\n".getBytes(StandardCharsets.US_ASCII);

    private BuiltinSignatures() {
    }

    public static String scriptResource(String name) {
        return RESOURCE_DIR + name + ".lua";
    }

    public static String signatureResource(String name) {
        return RESOURCE_DIR + name + ".lua.sig";
    }

    /**
     * The signed bytes: a domain tag, the plugin name, a NUL, the script. The name is bound so a signed
     * script cannot be presented as another built-in; the tag keeps these signatures from meaning anything else.
     */
    public static byte[] signedMessage(String name, byte[] script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(DOMAIN.length + name.length() + 1 + script.length);
        out.writeBytes(DOMAIN);
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(script);
        return out.toByteArray();
    }
}
