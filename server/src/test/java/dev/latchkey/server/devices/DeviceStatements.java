package dev.latchkey.server.devices;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import dev.latchkey.server.lists.RowCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Device matching at sign-in, the user's own devices, HWID history and the admin devices and blacklist lists. */
public final class DeviceStatements {

    private DeviceStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        String components = "{\"cpu\":\"00\"}";
        return List.of(
                PlannedStatement.of("sign-in", "DeviceSql.ACTIVE_OF_USER", DeviceSql.ACTIVE_OF_USER, s.userId()),
                PlannedStatement.of("sign-in", "DeviceSql.INSERT", DeviceSql.INSERT, UUID.randomUUID(), s.userId(), "pc", components),
                PlannedStatement.of("sign-in", "DeviceSql.SEEN", DeviceSql.SEEN, s.deviceId(), components, "pc"),
                PlannedStatement.of("sign-in", "DeviceSql.HISTORY", DeviceSql.HISTORY, s.deviceId(), s.userId(), "registered", null,
                        components, s.userId()),
                PlannedStatement.of("sign-in", "DeviceSql.BLACKLIST_ALL", DeviceSql.BLACKLIST_ALL),
                PlannedStatement.of("client api", "DeviceSql.OWN", DeviceSql.OWN, s.userId(), false),
                PlannedStatement.of("client api", "DeviceSql.RENAME", DeviceSql.RENAME, s.deviceId(), s.userId(), "mine"),
                PlannedStatement.of("client api", "DeviceSql.LOCK_OWN", DeviceSql.LOCK_OWN, s.deviceId()),
                PlannedStatement.of("client api", "DeviceSql.SEATS_ON", DeviceSql.SEATS_ON, s.deviceId()),
                PlannedStatement.of("client api", "DeviceSql.DEACTIVATE_IDS", DeviceSql.DEACTIVATE_IDS, (Object) new UUID[] {s.deviceId()}),
                PlannedStatement.of("client api", "DeviceSql.DEACTIVATE_ALL", DeviceSql.DEACTIVATE_ALL, s.userId()),
                PlannedStatement.of("client api", "DeviceSql.USER_RESET_CLAIM", DeviceSql.USER_RESET_CLAIM, s.userId(), 604800.0),
                PlannedStatement.of("admin user page", "DeviceSql.HISTORY_OF_USER", DeviceSql.HISTORY_OF_USER, s.userId()),
                PlannedStatement.of("admin devices list", "DeviceSql.BY_ID", DeviceSql.BY_ID, s.deviceId()));
    }

    /** The admin API's devices list: all active, all, one user's. */
    public static List<PlannedStatement> lists(Fleet.Sample s) {
        List<PlannedStatement> out = new ArrayList<>();
        RowCounts counts = new RowCounts(null);
        out.addAll(PlannedStatement.list("admin devices list", "DeviceRepository.list", DeviceRepository.listQuery(null, false, counts),
                DeviceList.NEWEST, true));
        out.addAll(PlannedStatement.list("admin devices list", "DeviceRepository.list with inactive",
                DeviceRepository.listQuery(null, true, counts), DeviceList.NEWEST, true));
        out.addAll(PlannedStatement.list("admin devices list", "DeviceRepository.list of user",
                DeviceRepository.listQuery(s.userId(), true, counts), DeviceList.NEWEST, true));
        return out;
    }
}
