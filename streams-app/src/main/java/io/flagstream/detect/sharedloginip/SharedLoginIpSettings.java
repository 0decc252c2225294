package io.flagstream.detect.sharedloginip;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A2: one IP logging into {@code minAccounts} distinct accounts new to it within the window; an account that
 * logged in from the IP at least {@code establishedAfter} earlier (looking back {@code ipMemory}) is a regular
 * of the IP and not counted.
 */
public record SharedLoginIpSettings(DetectorSettings common, int minAccounts, Set<String> ignoredIpTypes,
                                    Duration establishedAfter, Duration ipMemory) implements RuleSettings {
    static final Setting<Integer> MIN_ACCOUNTS = Setting.intAtLeast("min-accounts", 3, 2,
            "distinct accounts new to one IP logging in from it within the window");
    // Applied as a filter in the topology: fixed when it is built.
    static final Setting<Set<String>> IGNORED_IP_TYPES = Setting.upperCaseSet("ignored-ip-types", List.of("MOBILE", "VPN"),
            "IP types not counted (shared by nature)").fixedAtBuild();
    static final Setting<Duration> ESTABLISHED_AFTER = Setting.positiveDuration("established-after", Duration.ofDays(7),
            "an account that logged in from the IP this long before is a regular of the IP and not counted");
    static final Setting<Duration> IP_MEMORY = Setting.positiveDuration("ip-memory", Duration.ofDays(30),
            "how far back an account's logins from the IP are remembered");

    public static final DetectorDeclaration<SharedLoginIpSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            SharedLoginIpDetector.ID, Duration.ofHours(24),
            (common, v) -> new SharedLoginIpSettings(common, v.get(MIN_ACCOUNTS), v.get(IGNORED_IP_TYPES),
                    v.get(ESTABLISHED_AFTER), v.get(IP_MEMORY)),
            MIN_ACCOUNTS, IGNORED_IP_TYPES, ESTABLISHED_AFTER, IP_MEMORY);
}
