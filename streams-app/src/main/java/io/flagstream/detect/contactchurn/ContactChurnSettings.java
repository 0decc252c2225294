package io.flagstream.detect.contactchurn;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/** A14: {@code minChanges} email or phone changes within the window. */
public record ContactChurnSettings(DetectorSettings common, int minChanges) implements RuleSettings {
    static final Setting<Integer> MIN_CHANGES = Setting.intAtLeast("min-changes", 3, 2,
            "e-mail or phone changes within the window");

    public static final DetectorDeclaration<ContactChurnSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            ContactChurnDetector.ID, Duration.ofDays(30),
            (common, v) -> new ContactChurnSettings(common, v.get(MIN_CHANGES)),
            MIN_CHANGES);
}
