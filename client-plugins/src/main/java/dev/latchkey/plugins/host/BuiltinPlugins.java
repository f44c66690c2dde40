package dev.latchkey.plugins.host;

import dev.latchkey.plugins.builtin.BuiltinSignatures;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Loads the plugins shipped inside the client and grants their capabilities, after checking each
 * script's Ed25519 signature against the public key written at build time (see {@code BuiltinSigner}).
 * An altered script is refused, and with it any capability.
 */
public final class BuiltinPlugins {

    /** The heartbeat plugin: the only holder of {@link Capability#HEARTBEAT}. */
    public static final String HEARTBEAT = "heartbeat";

    private static final Map<String, Set<Capability>> CAPABILITIES = Map.of(HEARTBEAT, EnumSet.of(Capability.HEARTBEAT));

    private BuiltinPlugins() {
    }

    public static Set<String> names() {
        return CAPABILITIES.keySet();
    }

    /** The verified built-in plugin {@code name} from the classpath. */
    public static PluginSource load(String name) throws ScriptRejectedException {
        if (!CAPABILITIES.containsKey(name)) {
            throw new ScriptRejectedException("no built-in plugin named '" + name + "'");
        }
        byte[] script = resource(BuiltinSignatures.scriptResource(name));
        byte[] signature = decodeBase64(resource(BuiltinSignatures.signatureResource(name)), "signature of " + name);
        byte[] publicKey = decodeBase64(resource(BuiltinSignatures.PUBLIC_KEY_FILE), "built-in public key");
        return verify(name, script, signature, publicKey);
    }

    /** Checks {@code signature} over {@code script} under {@code name}; refuses on any mismatch. */
    public static PluginSource verify(String name, byte[] script, byte[] signature, byte[] publicKey)
            throws ScriptRejectedException {
        Set<Capability> capabilities = CAPABILITIES.get(name);
        if (capabilities == null) {
            throw new ScriptRejectedException("no built-in plugin named '" + name + "'");
        }
        if (publicKey.length != 32 || signature.length != 64) {
            throw new ScriptRejectedException("built-in plugin '" + name + "' has a malformed signature or key");
        }
        byte[] message = BuiltinSignatures.signedMessage(name, script);
        Ed25519Signer verifier = new Ed25519Signer();
        try {
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        } catch (IllegalArgumentException e) {
            throw new ScriptRejectedException("built-in public key is not a valid Ed25519 key");
        }
        verifier.update(message, 0, message.length);
        if (!verifier.verifySignature(signature)) {
            throw new ScriptRejectedException("built-in plugin '" + name + "' was altered: its signature does not match");
        }
        return PluginSource.verifiedBuiltin(name, script, capabilities);
    }

    private static byte[] resource(String path) throws ScriptRejectedException {
        try (InputStream in = BuiltinPlugins.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ScriptRejectedException("built-in resource missing: " + path
                        + " (built-in plugins are signed during the Maven build)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ScriptRejectedException("built-in resource unreadable: " + path);
        }
    }

    private static byte[] decodeBase64(byte[] text, String what) throws ScriptRejectedException {
        try {
            return Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new ScriptRejectedException(what + " is not base64");
        }
    }
}
