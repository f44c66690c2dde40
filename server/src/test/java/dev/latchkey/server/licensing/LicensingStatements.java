package dev.latchkey.server.licensing;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Licensing: activation, the heartbeat's fallbacks to PostgreSQL (entitlements load, last-seen batch), the
 * user's licenses, redeeming, and the admin licenses list and products.
 */
public final class LicensingStatements {

    private LicensingStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return List.of(
                PlannedStatement.of("heartbeat", "EntitlementsRepository.OF_SESSION", EntitlementsRepository.OF_SESSION,
                        s.sessionId(), s.deviceId()),
                PlannedStatement.of("sign-in", "EntitlementsRepository.OF_DEVICE", EntitlementsRepository.OF_DEVICE,
                        s.userId(), s.deviceId()),
                PlannedStatement.of("heartbeat", "LastSeenWriter.UPDATE", PlannedStatement.constant(LastSeenWriter.class, "UPDATE"),
                        new java.util.UUID[] {s.deviceId(), Fleet.Sample.of(7).deviceId()}, new OffsetDateTime[] {now, now}),
                PlannedStatement.of("activation", "LicenseSql.LOCK", LicenseSql.LOCK, s.licenseId()),
                PlannedStatement.of("activation", "LicenseSql.IS_ACTIVE_ON", LicenseSql.IS_ACTIVE_ON, s.licenseId(), s.deviceId()),
                PlannedStatement.of("activation", "LicenseSql.COUNT_ACTIVATIONS", LicenseSql.COUNT_ACTIVATIONS, s.licenseId()),
                PlannedStatement.of("activation", "LicenseSql.ACTIVATE", LicenseSql.ACTIVATE, s.licenseId(), s.deviceId()),
                PlannedStatement.of("activation", "LicenseSql.START_CLOCK", LicenseSql.START_CLOCK, s.licenseId()),
                PlannedStatement.of("client api", "LicenseSql.OF_USER", LicenseSql.OF_USER, s.userId(), s.deviceId()),
                PlannedStatement.of("client api", "LicenseSql.REDEEM", LicenseSql.REDEEM, s.licenseKeyHash(), s.userId()),
                PlannedStatement.of("client api", "LicenseSql.BY_HASH", LicenseSql.BY_HASH, (Object) s.licenseKeyHash()),
                PlannedStatement.of("admin licenses list", "LicenseSql.BY_ID", LicenseSql.BY_ID, s.licenseId()),
                PlannedStatement.of("admin licenses list", "LicenseSql.ACTIVATIONS", LicenseSql.ACTIVATIONS, s.licenseId()),
                PlannedStatement.of("admin", "LicenseSql.UPDATE", LicenseSql.UPDATE, s.licenseId(), "suspended", false, null, null),
                PlannedStatement.of("admin licenses list", "LicenseList.PAST_DUE", LicenseList.PAST_DUE),
                PlannedStatement.of("admin licenses list", "LicenseList.PAST_DUE_OF_PRODUCT", LicenseList.PAST_DUE_OF_PRODUCT, s.productId()),
                PlannedStatement.of("admin products", "ProductSql.BY_ID", ProductSql.BY_ID, s.productId()),
                PlannedStatement.of("admin products", "ProductSql.LIST", ProductSql.LIST, 500, 0),
                PlannedStatement.of("admin products", "ProductSql.COUNT", ProductSql.COUNT));
    }

    /** The licenses list (admin API, dashboard, a user's page) by every filter it has. */
    public static List<PlannedStatement> lists(Fleet.Sample s) {
        List<PlannedStatement> out = new java.util.ArrayList<>();
        for (String status : new String[] {null, "active", "suspended", "revoked", "expired"}) {
            for (java.util.UUID product : new java.util.UUID[] {null, s.productId()}) {
                out.addAll(PlannedStatement.list("admin licenses list", "LicenseList " + (product == null ? "all" : "of product") + " "
                        + (status == null ? "any status" : status), LicenseList.query(product, null, status, null, null),
                        LicenseList.NEWEST, true));
            }
        }
        out.addAll(PlannedStatement.list("admin licenses list", "LicenseList of user", LicenseList.query(null, s.userId(), null, null, null),
                LicenseList.NEWEST, true));
        return out;
    }
}
