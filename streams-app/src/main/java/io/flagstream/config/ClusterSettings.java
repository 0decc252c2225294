package io.flagstream.config;

import io.flagstream.events.IpType;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Linked-account clusters.
 *
 * @param window           two accounts are linked when they use the same instrument, IP, device or identity
 *                         document within this time of each other
 * @param minSize          accounts a cluster needs before it is reported
 * @param minRisk          combined (decayed) risk of its members a cluster must exceed before it is reported
 * @param ignoredIpTypes   IP types that never link (known shared ranges: carrier CGNAT, commercial VPN exits)
 * @param maxAccountsPerIp an IP links at most this many accounts within the window; the next one makes it a
 *                         shared range (a hub): it links no further account and is reported once
 * @param maxAccountsPerAttribute the same for a payout instrument, a device or an identity document
 * @param linkIndicators   indicators (A1…A19) that say no more than a link does, left out of the members' risk in a
 *                         cluster's combined risk (default A2: one IP logging into several accounts is an IP link)
 */
public record ClusterSettings(Duration window, int minSize, double minRisk, Set<String> ignoredIpTypes, int maxAccountsPerIp,
                              int maxAccountsPerAttribute, Set<String> linkIndicators) {
    static final Setting<Duration> WINDOW = Setting.positiveDuration("flagstream.clusters.window", Duration.ofDays(30),
            "two accounts using the same instrument, IP, device or identity document within this time are linked");
    static final Setting<Integer> MIN_SIZE = Setting.intAtLeast("flagstream.clusters.min-size", 3, 2,
            "accounts a cluster needs before it is reported");
    static final Setting<Double> MIN_RISK = Setting.doubleAtLeast("flagstream.clusters.min-risk", 20.0, 0.0,
            "combined (decayed) risk of its members a cluster must exceed before it is reported");
    static final Setting<Set<String>> IGNORED_IP_TYPES = Setting.enumNames("flagstream.clusters.ignored-ip-types",
            List.of("MOBILE", "VPN"), IpType.class, "IP type", "IP types that never link (known shared ranges)");
    static final Setting<Integer> MAX_ACCOUNTS_PER_IP = Setting.intAtLeast("flagstream.clusters.max-accounts-per-ip", 10, 2,
            "accounts an IP links within the window; the next one makes it a hub, reported once and linking no further");
    static final Setting<Integer> MAX_ACCOUNTS_PER_ATTRIBUTE = Setting.intAtLeast(
            "flagstream.clusters.max-accounts-per-attribute", 20, 2, "the same for a payout instrument, a device or an identity document");
    /** A set of advisory items (upper case); {@code none} for the empty set (a blank value means the default). */
    static final Setting<Set<String>> LINK_INDICATORS = Setting.of("flagstream.clusters.link-indicators", "list", "A2",
            "each of A1 … A19, or none", "indicators that say no more than a link does, left out of a cluster's combined risk",
            (raw, key) -> {
                Set<String> names = raw.upperCaseSet(key, List.of("A2"));
                if (names.equals(Set.of("NONE"))) {
                    return Set.of();
                }
                for (String name : names) {
                    if (!RiskSettings.INDICATORS.contains(name)) {
                        throw new ConfigException(key, "has unknown indicator '" + name + "' (use A1 … A19)");
                    }
                }
                return names;
            });

    static final List<Setting<?>> SETTINGS = List.of(WINDOW, MIN_SIZE, MIN_RISK, IGNORED_IP_TYPES, MAX_ACCOUNTS_PER_IP,
            MAX_ACCOUNTS_PER_ATTRIBUTE, LINK_INDICATORS);

    static ClusterSettings read(RawConfig raw) {
        return new ClusterSettings(WINDOW.read(raw), MIN_SIZE.read(raw), MIN_RISK.read(raw), IGNORED_IP_TYPES.read(raw),
                MAX_ACCOUNTS_PER_IP.read(raw), MAX_ACCOUNTS_PER_ATTRIBUTE.read(raw), LINK_INDICATORS.read(raw));
    }
}
