package dev.latchkey.plugins.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Build step (Maven {@code process-classes}): signs every built-in script in the compiled classes folder
 * with a key pair made for this build, and writes the public key beside them. The private key lives only
 * in this process and is never written anywhere, so there is no signing secret to leak or commit.
 */
public final class BuiltinSigner {

    private BuiltinSigner() {
    }

    /** {@code args[0]}: the classes output folder, e.g. {@code target/classes}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BuiltinSigner <classes-directory>");
        }
        Path folder = Path.of(args[0]).resolve(BuiltinSignatures.RESOURCE_DIR);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        int signed = 0;
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(folder, "*.lua")) {
            for (Path script : scripts) {
                String file = script.getFileName().toString();
                String name = file.substring(0, file.length() - ".lua".length());
                byte[] message = BuiltinSignatures.signedMessage(name, Files.readAllBytes(script));
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(true, key);
                signer.update(message, 0, message.length);
                Files.writeString(script.resolveSibling(file + ".sig"),
                        Base64.getEncoder().encodeToString(signer.generateSignature()), StandardCharsets.US_ASCII);
                signed++;
            }
        }
        Path publicKey = Path.of(args[0]).resolve(BuiltinSignatures.PUBLIC_KEY_FILE);
        Files.writeString(publicKey, Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()),
                StandardCharsets.US_ASCII);
        System.out.println("Signed " + signed + " built-in plugin(s); public key " + publicKey);
    }
}
