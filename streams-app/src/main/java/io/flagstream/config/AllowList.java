package io.flagstream.config;

import java.util.List;
import java.util.Set;

/**
 * Entities that must never alert: a company's VPN egress IPs, the platform's own escrow or payroll
 * instruments, house accounts. An allow-listed account's events are not counted by any detector, an
 * allow-listed IP or instrument is not counted by the detectors that count IPs or instruments, and no
 * alert is raised for an allow-listed entity. {@link #of} is the static list of the properties file; the
 * running app sees it merged with the live allow-list topic ({@code io.flagstream.live.LiveAllowList}).
 */
public interface AllowList {
    boolean account(String id);

    boolean ip(String ip);

    boolean instrument(String fingerprint);

    /** True for other entity types (device, cluster, …) only when allow-listed live. */
    default boolean other(String type, String id) {
        return false;
    }

    /** True if an alert about this entity must not be raised. */
    default boolean entity(String type, String id) {
        return switch (type) {
            case "account" -> account(id);
            case "ip" -> ip(id);
            case "instrument" -> instrument(id);
            default -> other(type, id);
        };
    }

    static AllowList of(Set<String> accounts, Set<String> ips, Set<String> instruments) {
        return new Configured(Set.copyOf(accounts), Set.copyOf(ips), Set.copyOf(instruments));
    }

    /** The {@code flagstream.allow-list.*} settings. */
    record Configured(Set<String> accounts, Set<String> ips, Set<String> instruments) implements AllowList {
        static final Setting<List<String>> ACCOUNTS = Setting.list("flagstream.allow-list.accounts", List.of(),
                "account ids never counted and never alerted on");
        static final Setting<List<String>> IPS = Setting.list("flagstream.allow-list.ips", List.of(),
                "IPs never counted by the detectors counting IPs");
        static final Setting<List<String>> INSTRUMENTS = Setting.list("flagstream.allow-list.instruments", List.of(),
                "instrument fingerprints never counted by the detectors counting instruments");

        static final List<Setting<?>> SETTINGS = List.of(ACCOUNTS, IPS, INSTRUMENTS);

        static AllowList read(RawConfig raw) {
            return of(Set.copyOf(ACCOUNTS.read(raw)), Set.copyOf(IPS.read(raw)), Set.copyOf(INSTRUMENTS.read(raw)));
        }

        @Override
        public boolean account(String id) {
            return accounts.contains(id);
        }

        @Override
        public boolean ip(String ip) {
            return ips.contains(ip);
        }

        @Override
        public boolean instrument(String fingerprint) {
            return instruments.contains(fingerprint);
        }
    }
}
