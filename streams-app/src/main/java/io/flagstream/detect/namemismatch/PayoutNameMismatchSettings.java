package io.flagstream.detect.namemismatch;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;

import java.time.Duration;

/** A9: instrument holder name differs from the legal name; "just added" means within the window. */
public record PayoutNameMismatchSettings(DetectorSettings common) implements RuleSettings {
    public static final DetectorDeclaration<PayoutNameMismatchSettings> DECLARATION = DetectorDeclaration.windowed(
            PayoutNameMismatchDetector.ID, Duration.ofDays(7), (common, v) -> new PayoutNameMismatchSettings(common));
}
