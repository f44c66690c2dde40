package dev.latchkey.server.protection;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.util.List;

/** The blocklist (admin list, and what every node loads). */
public final class ProtectionStatements {

    private ProtectionStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        return List.of(PlannedStatement.of("admin blocklist", "BlocklistRepository.LIVE", BlocklistRepository.LIVE));
    }
}
