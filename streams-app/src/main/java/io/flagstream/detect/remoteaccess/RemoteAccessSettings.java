package io.flagstream.detect.remoteaccess;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A4: remote-desktop or anonymising access paths, {@code minSightings} within the window. */
public record RemoteAccessSettings(DetectorSettings common, int minSightings, Set<Integer> remoteDesktopPorts,
                                   Set<String> suspiciousIpTypes, Duration payoutLookback) implements RuleSettings {
    static final Setting<Integer> MIN_SIGHTINGS = Setting.intAtLeast("min-sightings", 2, 1,
            "suspicious access paths within the window");
    // The access-path matcher is made once, when the topology is built.
    static final Setting<Set<Integer>> REMOTE_DESKTOP_PORTS = Setting.intSet("remote-desktop-ports",
            List.of(3389, 5900, 5938, 5500, 6568, 7070), "ports of remote-desktop tools").fixedAtBuild();
    static final Setting<Set<String>> SUSPICIOUS_IP_TYPES = Setting.upperCaseSet("suspicious-ip-types",
            List.of("HOSTING", "PROXY", "TOR"), "IP types that anonymise the access path").fixedAtBuild();
    static final Setting<Duration> PAYOUT_LOOKBACK = Setting.positiveDuration("payout-lookback", Duration.ofDays(30),
            "how far back a payout makes the access path matter");

    public static final DetectorDeclaration<RemoteAccessSettings> DECLARATION = DetectorDeclaration.windowed(
            RemoteAccessDetector.ID, Duration.ofDays(7),
            (common, v) -> new RemoteAccessSettings(common, v.get(MIN_SIGHTINGS), v.get(REMOTE_DESKTOP_PORTS),
                    v.get(SUSPICIOUS_IP_TYPES), v.get(PAYOUT_LOOKBACK)),
            MIN_SIGHTINGS, REMOTE_DESKTOP_PORTS, SUSPICIOUS_IP_TYPES, PAYOUT_LOOKBACK);
}
