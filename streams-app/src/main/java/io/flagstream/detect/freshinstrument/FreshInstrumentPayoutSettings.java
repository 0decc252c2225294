package io.flagstream.detect.freshinstrument;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/** A19: a payout to an instrument added less than the window before, or from an account younger than {@code maxAccountAge}. */
public record FreshInstrumentPayoutSettings(DetectorSettings common, Duration maxAccountAge) implements RuleSettings {
    static final Setting<Duration> MAX_ACCOUNT_AGE = Setting.positiveDuration("max-account-age", Duration.ofDays(7),
            "a payout from an account younger than this counts");

    public static final DetectorDeclaration<FreshInstrumentPayoutSettings> DECLARATION = DetectorDeclaration.windowed(
            FreshInstrumentPayoutDetector.ID, Duration.ofHours(24),
            (common, v) -> new FreshInstrumentPayoutSettings(common, v.get(MAX_ACCOUNT_AGE)),
            MAX_ACCOUNT_AGE);
}
