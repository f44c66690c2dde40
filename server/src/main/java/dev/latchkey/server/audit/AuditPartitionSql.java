package dev.latchkey.server.audit;

import java.time.YearMonth;

/**
 * Statements of {@link AuditPartitions}. Partition names and bounds are built here from a {@link YearMonth}
 * alone (digits), never from input, which is why they can be written into DDL text (DDL takes no parameters).
 */
final class AuditPartitionSql {

    /** One transaction at a time across every node sharing the database; the others skip their run. */
    static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(7591738260214421337) AS locked";

    /**
     * A node waits at most this long for a lock on the audit table (inserts and searches hold it for
     * milliseconds); a busier moment fails the run, which is tried again at the next period. Meanwhile
     * the inserts queued behind this transaction wait too, so the bound is short.
     */
    static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '1s'";
    /** Bounds below are printed (and parsed) in UTC. */
    static final String UTC = "SET LOCAL TimeZone = 'UTC'";

    /**
     * Every partition with its bounds as text, its size, and its rows as the planner estimates them (rows per
     * page at the last ANALYZE times the pages now); -1 when it has no statistics yet.
     */
    static final String PARTITIONS = "SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, "
            + "CASE WHEN c.relpages > 0 AND c.reltuples >= 0 THEN round(c.reltuples / c.relpages "
            + "* (pg_relation_size(c.oid) / current_setting('block_size')::int))::bigint ELSE -1 END AS rows, "
            + "pg_total_relation_size(c.oid) AS bytes "
            + "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass";

    /** The months of rows that landed in the default partition (none, unless no partition covered their time). */
    static final String DEFAULT_MONTHS = "SELECT DISTINCT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month "
            + "FROM audit_events_default";

    static final String DEFAULT_NAME = "audit_events_default";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("audit_events_p(\\d{4})(0[1-9]|1[0-2])");

    private AuditPartitionSql() {
    }

    /** The month of one of our partitions' names, or null for any other table. */
    static YearMonth month(String name) {
        java.util.regex.Matcher m = NAME.matcher(name);
        return m.matches() ? YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    static String name(YearMonth month) {
        return String.format("audit_events_p%04d%02d", month.getYear(), month.getMonthValue());
    }

    static String bound(YearMonth month) {
        return String.format("'%04d-%02d-01 00:00:00+00'", month.getYear(), month.getMonthValue());
    }

    /**
     * Created on its own and then attached, not {@code CREATE TABLE ... PARTITION OF}: that would take an
     * exclusive lock on the whole audit table (stopping inserts and searches); attaching takes one that
     * lets both go on, plus an exclusive one on the default partition.
     */
    static String create(YearMonth month) {
        return "CREATE TABLE " + name(month) + " (LIKE audit_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)";
    }

    /** Rows of this month that went to the default partition move to the month's own. */
    static String moveFromDefault(YearMonth month) {
        return "WITH moved AS (DELETE FROM " + DEFAULT_NAME + " WHERE occurred_at >= " + bound(month) + " AND occurred_at < "
                + bound(month.plusMonths(1)) + " RETURNING *) INSERT INTO " + name(month) + " SELECT * FROM moved";
    }

    static String attach(YearMonth month) {
        return "ALTER TABLE audit_events ATTACH PARTITION " + name(month) + " FOR VALUES FROM (" + bound(month) + ") TO ("
                + bound(month.plusMonths(1)) + ")";
    }

    /** How PostgreSQL prints the bounds of this month's partition (with TimeZone UTC), to recognise one made elsewhere. */
    static String expectedBound(YearMonth month) {
        return "FOR VALUES FROM (" + bound(month) + ") TO (" + bound(month.plusMonths(1)) + ")";
    }

    /** Rows of a partition that was never analyzed (then its estimate is unknown), before it is dropped. */
    static String count(YearMonth month) {
        return "SELECT count(*) AS n FROM " + name(month);
    }

    /**
     * Not {@code DETACH ... CONCURRENTLY}: PostgreSQL refuses it while a default partition exists. This
     * one holds an exclusive lock on the audit table for the moment of the detach and the drop.
     */
    static String detach(YearMonth month) {
        return "ALTER TABLE audit_events DETACH PARTITION " + name(month);
    }

    static String drop(YearMonth month) {
        return "DROP TABLE " + name(month);
    }
}
