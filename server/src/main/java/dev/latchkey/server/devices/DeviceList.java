package dev.latchkey.server.devices;

import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.ListQuery;
import dev.latchkey.server.lists.ListQuery.Part;
import dev.latchkey.server.lists.Lister;
import dev.latchkey.server.lists.RowCounts;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The devices list (admin API and dashboard), newest first. Not by last contact: every heartbeat batch rewrites
 * {@code device_seen.last_seen_at}, and an index on it would turn each of those heap-only writes into an index
 * update (docs/decisions.md). Search (dashboard) looks in device names, nicknames and the owner's username.
 */
public final class DeviceList {

    /** active: not deactivated; online: active and seen within {@link #ONLINE}; inactive: deactivated; all. */
    public static final List<String> STATES = List.of("active", "online", "inactive", "all");

    /** A device counts as online when it was seen this recently (two default heartbeat intervals). */
    public static final String ONLINE = "interval '10 minutes'";

    public static final KeyOrder NEWEST = KeyOrder.of("created", KeyOrder.timestamp("d.created_at"), KeyOrder.uuid("d.id"));

    private static final Map<String, String> CONDITIONS = Map.of(
            "active", "d.deactivated_at IS NULL",
            "online", "d.deactivated_at IS NULL AND " + Device.lastSeen("d") + " > now() - " + ONLINE,
            "inactive", "d.deactivated_at IS NOT NULL");

    private DeviceList() {
    }

    /**
     * Devices in {@code state} (one of {@link #STATES}), of {@code userId} when given, matching {@code q} when given.
     * {@code from} is {@code devices d}, joined to {@code users u} when there is a search (it looks in usernames).
     */
    public static ListQuery query(String select, String from, String state, UUID userId, String q, RowCounts counts) {
        ListQuery list = new ListQuery(select, from, "d.id");
        String condition = CONDITIONS.get(state);
        String extra = "";
        if (condition != null) {
            list.where(condition);
            extra += " AND " + condition;
        }
        if (userId != null) {
            list.where("d.user_id = ?", userId);
        }
        if (q != null && !q.isBlank()) {
            String like = Lister.contains(q);
            String term = q.trim();
            String user = userId == null ? "" : " AND d.user_id = ?";
            Object[] named = userId == null ? new Object[] {like, like} : new Object[] {like, like, userId};
            Object[] owned = userId == null ? new Object[] {like} : new Object[] {like, userId};
            list.search(q, List.of(
                    Part.of("SELECT d.id FROM devices d WHERE (lower(d.name) LIKE lower(?) OR lower(d.nickname) LIKE lower(?))"
                            + extra + user, named),
                    Part.of("SELECT d.id FROM users u JOIN devices d ON d.user_id = u.id WHERE lower(u.username) LIKE lower(?)"
                            + extra + user, owned)),
                    Part.of("strpos(lower(coalesce(d.name, '')), lower(?)) > 0 OR strpos(lower(coalesce(d.nickname, '')), lower(?)) > 0 "
                            + "OR strpos(lower(u.username), lower(?)) > 0", term, term, term),
                    Part.of("lower(d.name) LIKE lower(?) OR lower(d.nickname) LIKE lower(?) OR lower(u.username) LIKE lower(?)",
                            like, like, like));
        }
        if (userId == null && !"online".equals(state)) {
            list.counted(() -> counted(counts, state));
        }
        return list;
    }

    private static Future<Long> counted(RowCounts counts, String state) {
        return counts.read("devices", "devices.active").map(c -> switch (state) {
            case "active" -> c.get("devices.active");
            case "inactive" -> c.get("devices") - c.get("devices.active");
            default -> c.get("devices");
        });
    }
}
