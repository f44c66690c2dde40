package dev.latchkey.client.http;

import java.time.Duration;
import java.time.Instant;

/**
 * One desktop session's tokens. {@link #toString()} never prints them.
 *
 * @param accessToken   JWT sent as {@code Authorization: Bearer}
 * @param refreshToken  opaque, single use: spent by {@code /auth/refresh}
 * @param accessExpires when the access token stops working (from {@code expires_in})
 * @param userId        the account
 * @param deviceId      this machine as the server knows it
 */
public record TokenPair(String accessToken, String refreshToken, Instant accessExpires, String userId, String deviceId) {

    /**
     * Whether to refresh before using the access token: within a tenth of its lifetime (at most 30 s)
     * of expiry, so a request does not leave with a token that dies in flight.
     */
    public boolean expiresSoon(Instant now, Duration lifetime) {
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(Duration.ofSeconds(30)) > 0) {
            margin = Duration.ofSeconds(30);
        }
        return !now.plus(margin).isBefore(accessExpires);
    }

    @Override
    public String toString() {
        return "TokenPair[user=" + userId + ", device=" + deviceId + ", accessExpires=" + accessExpires + "]";
    }
}
