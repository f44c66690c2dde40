package dev.latchkey.plugins.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latchkey.plugins.host.BuiltinPlugins;
import dev.latchkey.plugins.host.Capability;
import dev.latchkey.plugins.host.PluginSource;
import dev.latchkey.plugins.host.PluginState;
import dev.latchkey.plugins.license.LicenseStatus;
import dev.latchkey.plugins.sandbox.ScriptRejectedException;
import dev.latchkey.plugins.testing.HostFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinPluginsTest {

    @TempDir
    Path temp;

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = BuiltinPluginsTest.class.getClassLoader().getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    private static byte[] script() throws IOException {
        return resource(BuiltinSignatures.scriptResource(BuiltinPlugins.HEARTBEAT));
    }

    private static byte[] signature() throws IOException {
        return Base64.getDecoder().decode(new String(resource(BuiltinSignatures.signatureResource(BuiltinPlugins.HEARTBEAT)),
                StandardCharsets.US_ASCII));
    }

    private static byte[] publicKey() throws IOException {
        return Base64.getDecoder().decode(new String(resource(BuiltinSignatures.PUBLIC_KEY_FILE), StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("The shipped heartbeat plugin verifies against the build's key and holds the heartbeat capability")
    void shippedPluginVerifies() throws Exception {
        PluginSource source = BuiltinPlugins.load(BuiltinPlugins.HEARTBEAT);
        assertTrue(source.builtin());
        assertEquals(Set.of(Capability.HEARTBEAT), source.capabilities());
    }

    @Test
    @DisplayName("A tampered built-in plugin is refused")
    void tamperedScriptRefused() throws Exception {
        byte[] tampered = script();
        int at = new String(tampered, StandardCharsets.US_ASCII).indexOf("DEFAULT_INTERVAL = 300");
        tampered[at + "DEFAULT_INTERVAL = ".length()] = '9';
        ScriptRejectedException e = assertThrows(ScriptRejectedException.class,
                () -> BuiltinPlugins.verify(BuiltinPlugins.HEARTBEAT, tampered, signature(), publicKey()));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
        byte[] appended = (new String(script(), StandardCharsets.UTF_8) + "\nlk.log('info', 'extra')").getBytes(StandardCharsets.UTF_8);
        assertThrows(ScriptRejectedException.class,
                () -> BuiltinPlugins.verify(BuiltinPlugins.HEARTBEAT, appended, signature(), publicKey()));
    }

    @Test
    @DisplayName("A signature made by another key, or a flipped signature bit, is refused")
    void foreignSignatureRefused() throws Exception {
        byte[] otherKey = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new java.security.SecureRandom())
                .generatePublicKey().getEncoded();
        assertThrows(ScriptRejectedException.class,
                () -> BuiltinPlugins.verify(BuiltinPlugins.HEARTBEAT, script(), signature(), otherKey));
        byte[] flipped = signature();
        flipped[10] ^= 1;
        assertThrows(ScriptRejectedException.class,
                () -> BuiltinPlugins.verify(BuiltinPlugins.HEARTBEAT, script(), flipped, publicKey()));
    }

    @Test
    @DisplayName("The signature binds the name: the heartbeat's signature does not pass for another built-in")
    void signatureBindsName() throws Exception {
        byte[] message = BuiltinSignatures.signedMessage("heartbeat", script());
        byte[] other = BuiltinSignatures.signedMessage("heartbeaT", script());
        assertFalse(java.util.Arrays.equals(message, other));
        assertThrows(ScriptRejectedException.class, () -> BuiltinPlugins.verify("updater", script(), signature(), publicKey()));
    }

    @Test
    @DisplayName("A user plugin has no lk.heartbeat, cannot take a built-in's name, and cannot unlock anything")
    void userPluginsHaveNoSay() throws Exception {
        HostFixture fixture = new HostFixture(temp);
        assertThrows(ScriptRejectedException.class,
                () -> PluginSource.user(BuiltinPlugins.HEARTBEAT, "lk.heartbeat()".getBytes(StandardCharsets.UTF_8)));
        assertEquals(PluginState.RUNNING, fixture.loadUser("pretender", """
                lk.log('info', 'heartbeat=' .. tostring(lk.heartbeat))
                local ok = pcall(function() lk.license().valid = true end)
                local ok2 = pcall(function() lk.heartbeat = function() return {ok = true, valid = true} end end)
                lk.log('info', 'wrote=' .. tostring(ok) .. ',' .. tostring(ok2) .. ' valid=' .. tostring(lk.license().valid))
                """));
        assertEquals(java.util.List.of("heartbeat=nil", "wrote=false,false valid=false"), fixture.logsOf("pretender"));
        assertEquals(LicenseStatus.NO_LEASE, fixture.host.licenseStatus().code());
        assertEquals(0, fixture.server.beats());
    }
}
