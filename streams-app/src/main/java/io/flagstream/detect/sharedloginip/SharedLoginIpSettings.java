package io.flagstream.detect.sharedloginip;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A2: one IP logging into {@code minAccounts} distinct accounts within the window. */
public record SharedLoginIpSettings(DetectorSettings common, int minAccounts, Set<String> ignoredIpTypes) implements RuleSettings {
    static final Setting<Integer> MIN_ACCOUNTS = Setting.intAtLeast("min-accounts", 3, 2,
            "distinct accounts logging in from one IP within the window");
    // Applied as a filter in the topology: fixed when it is built.
    static final Setting<Set<String>> IGNORED_IP_TYPES = Setting.upperCaseSet("ignored-ip-types", List.of("MOBILE", "VPN"),
            "IP types not counted (shared by nature)").fixedAtBuild();

    public static final DetectorDeclaration<SharedLoginIpSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            SharedLoginIpDetector.ID, Duration.ofHours(24),
            (common, v) -> new SharedLoginIpSettings(common, v.get(MIN_ACCOUNTS), v.get(IGNORED_IP_TYPES)),
            MIN_ACCOUNTS, IGNORED_IP_TYPES);
}
