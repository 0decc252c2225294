package io.flagstream.detect.smallpayouts;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.math.BigDecimal;
import java.time.Duration;

/** A18: {@code minPayouts} payouts each below {@code smallLimit} within the window, totalling more than {@code totalLimit}. */
public record SmallPayoutsDrainSettings(DetectorSettings common, int minPayouts, BigDecimal smallLimit, BigDecimal totalLimit)
        implements RuleSettings {
    static final Setting<Integer> MIN_PAYOUTS = Setting.intAtLeast("min-payouts", 20, 2, "small payouts within the window");
    // Applied as a filter in the topology: fixed when it is built.
    static final Setting<BigDecimal> SMALL_LIMIT = Setting.decimalAtLeast("small-limit", "100", "0",
            "a payout below this is small").fixedAtBuild();
    static final Setting<BigDecimal> TOTAL_LIMIT = Setting.decimalAtLeast("total-limit", "1000", "0",
            "total of the small payouts above which they drain the account");

    public static final DetectorDeclaration<SmallPayoutsDrainSettings> DECLARATION = DetectorDeclaration.windowed(
            SmallPayoutsDrainDetector.ID, Duration.ofDays(90),
            (common, v) -> new SmallPayoutsDrainSettings(common, v.get(MIN_PAYOUTS), v.get(SMALL_LIMIT), v.get(TOTAL_LIMIT)),
            MIN_PAYOUTS, SMALL_LIMIT, TOTAL_LIMIT);
}
