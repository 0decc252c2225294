package io.flagstream.detect.sharedinstrument;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/**
 * A16: {@code minAccounts} distinct accounts new to one instrument paying out to it within the window; an
 * account that linked the instrument or paid into it at least {@code establishedAfter} earlier (looking back
 * {@code linkMemory}) is an established payer and not counted.
 */
public record SharedInstrumentSettings(DetectorSettings common, int minAccounts, Duration establishedAfter, Duration linkMemory)
        implements RuleSettings {
    static final Setting<Integer> MIN_ACCOUNTS = Setting.intAtLeast("min-accounts", 3, 2,
            "distinct new accounts paying out to one instrument within the window");
    static final Setting<Duration> ESTABLISHED_AFTER = Setting.positiveDuration("established-after", Duration.ofDays(30),
            "an account linked to the instrument this long before is an established payer");
    static final Setting<Duration> LINK_MEMORY = Setting.positiveDuration("link-memory", Duration.ofDays(400),
            "how far back links to the instrument are remembered");

    public static final DetectorDeclaration<SharedInstrumentSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            SharedPayoutInstrumentDetector.ID, Duration.ofDays(7),
            (common, v) -> new SharedInstrumentSettings(common, v.get(MIN_ACCOUNTS), v.get(ESTABLISHED_AFTER), v.get(LINK_MEMORY)),
            MIN_ACCOUNTS, ESTABLISHED_AFTER, LINK_MEMORY);
}
