package io.flagstream.detect.highrisk;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A8/A10: payouts to high-risk countries or providers: {@code minPayouts} or more than {@code amountLimit} within the window. */
public record HighRiskDestinationSettings(DetectorSettings common, Set<String> countries, List<String> providers,
                                          int minPayouts, BigDecimal amountLimit) implements RuleSettings {
    // Countries and providers make the destination matcher, made once when the topology is built.
    static final Setting<Set<String>> COUNTRIES = Setting.upperCaseSet("countries", List.of("CN", "RU", "KP"),
            "high-risk destination countries (ISO codes)").fixedAtBuild();
    static final Setting<List<String>> PROVIDERS = Setting.list("providers",
            List.of("Alipay", "WeChat Pay", "UnionPay", "Tenpay"), "high-risk payment providers").fixedAtBuild();
    static final Setting<Integer> MIN_PAYOUTS = Setting.intAtLeast("min-payouts", 3, 1,
            "payouts to high-risk destinations within the window");
    static final Setting<BigDecimal> AMOUNT_LIMIT = Setting.decimalAtLeast("amount-limit", "10000", "0",
            "total to high-risk destinations within the window above which one payout is enough");

    public static final DetectorDeclaration<HighRiskDestinationSettings> DECLARATION = DetectorDeclaration.windowed(
            HighRiskDestinationDetector.ID, Duration.ofDays(30),
            (common, v) -> new HighRiskDestinationSettings(common, v.get(COUNTRIES), v.get(PROVIDERS), v.get(MIN_PAYOUTS),
                    v.get(AMOUNT_LIMIT)),
            COUNTRIES, PROVIDERS, MIN_PAYOUTS, AMOUNT_LIMIT);
}
