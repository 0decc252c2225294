package io.flagstream.detect.locationmismatch;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/**
 * A11/A15: declared country against login countries (at least {@code minLogins} in the window), payout
 * countries (at least {@code minPayouts} in the window) and shipping countries. A payout into an instrument
 * the account added at least {@code establishedAfter} before counts, but not against the declared country.
 */
public record LocationMismatchSettings(DetectorSettings common, int minLogins, int minPayouts, Duration establishedAfter)
        implements RuleSettings {
    static final Setting<Integer> MIN_LOGINS = Setting.intAtLeast("min-logins", 10, 1,
            "logins within the window before their countries are compared");
    static final Setting<Integer> MIN_PAYOUTS = Setting.intAtLeast("min-payouts", 2, 1,
            "payouts within the window before their countries are compared");
    static final Setting<Duration> ESTABLISHED_AFTER = Setting.positiveDuration("established-after", Duration.ofDays(30),
            "a payout into an instrument the account added this long before is not counted against the declared country");

    public static final DetectorDeclaration<LocationMismatchSettings> DECLARATION = DetectorDeclaration.windowed(
            LocationMismatchDetector.ID, Duration.ofDays(14),
            (common, v) -> new LocationMismatchSettings(common, v.get(MIN_LOGINS), v.get(MIN_PAYOUTS), v.get(ESTABLISHED_AFTER)),
            MIN_LOGINS, MIN_PAYOUTS, ESTABLISHED_AFTER);
}
