package dev.latchkey.server.protection;

import java.util.List;

/**
 * Who the client really is. {@code X-Forwarded-For} is believed only when the connection comes
 * from a trusted proxy; the client is then the right-most address in the chain that is not one
 * of our proxies (anything left of it could have been written by the client itself).
 */
public final class ClientAddress {

    private final List<Cidr> trusted;

    public ClientAddress(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public boolean isTrusted(String ip) {
        for (Cidr c : trusted) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (Cidr.literal(hop) == null) {
                break;
            }
            candidate = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return candidate;
    }
}
