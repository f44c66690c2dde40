package dev.latchkey.client.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.http.Json;
import dev.latchkey.plugins.license.LeaseCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The lease checkpoint on disk. It is signed data plus a time: editing it cannot forge a license, and
 * the guard refuses a lease for another user or device (see docs/plugins.md for what it cannot stop).
 */
final class CheckpointFile {

    private final Path file;

    CheckpointFile(Path file) {
        this.file = file;
    }

    Optional<LeaseCheckpoint> load() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode n = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            String lease = Json.text(n, "lease");
            return lease == null ? Optional.empty() : Optional.of(new LeaseCheckpoint(lease, n.path("server_seconds").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void save(LeaseCheckpoint checkpoint) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.write(Json.object().put("lease", checkpoint.lease())
                .put("server_seconds", checkpoint.serverSeconds())), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
