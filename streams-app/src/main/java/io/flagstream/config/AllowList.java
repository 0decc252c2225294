package io.flagstream.config;

import java.util.Set;

/**
 * Entities that must never alert: a company's VPN egress IPs, the platform's own escrow or payroll
 * instruments, house accounts. An allow-listed account's events are not counted by any detector, an
 * allow-listed IP or instrument is not counted by the detectors that count IPs or instruments, and no
 * alert is raised for an allow-listed entity.
 */
public record AllowList(Set<String> accounts, Set<String> ips, Set<String> instruments) {
    public boolean account(String id) {
        return accounts.contains(id);
    }

    public boolean ip(String ip) {
        return ips.contains(ip);
    }

    public boolean instrument(String fingerprint) {
        return instruments.contains(fingerprint);
    }

    /** True if an alert about this entity must not be raised. */
    public boolean entity(String type, String id) {
        return switch (type) {
            case "account" -> account(id);
            case "ip" -> ip(id);
            case "instrument" -> instrument(id);
            default -> false;
        };
    }
}
