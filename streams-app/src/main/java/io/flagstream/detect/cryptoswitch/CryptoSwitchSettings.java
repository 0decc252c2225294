package io.flagstream.detect.cryptoswitch;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;

import java.time.Duration;

/** A12: an account with fiat history (within the window) adds a crypto wallet or takes a crypto payout. */
public record CryptoSwitchSettings(DetectorSettings common) implements RuleSettings {
    public static final DetectorDeclaration<CryptoSwitchSettings> DECLARATION = DetectorDeclaration.windowed(
            CryptoSwitchDetector.ID, Duration.ofDays(180), (common, v) -> new CryptoSwitchSettings(common));
}
