package io.flagstream.detect.continuoussession;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/** A3: activity without a gap longer than {@code maxGap} spanning at least the window. */
public record ContinuousSessionSettings(DetectorSettings common, Duration maxGap) implements RuleSettings {
    // Session windows are built from the gap, the window and the grace: all three are fixed when the topology is built.
    static final Setting<Duration> MAX_GAP = Setting.positiveDuration("max-gap", Duration.ofMinutes(30),
            "longest gap within one session").fixedAtBuild();

    public static final DetectorDeclaration<ContinuousSessionSettings> DECLARATION = DetectorDeclaration.windowedFixedAtBuild(
            ContinuousSessionDetector.ID, Duration.ofHours(24),
            (common, v) -> new ContinuousSessionSettings(common, v.get(MAX_GAP)),
            MAX_GAP);
}
