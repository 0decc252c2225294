package io.flagstream.detect.highrisk;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records keyed by account: its high-risk payouts only. Logs each, then tests the window around it. */
final class HighRiskDestinationProcessor extends DetectorProcessor<ObservedEvent> {
    /** Evidence fact: why the payout is high-risk. */
    static final String HIGH_RISK = "highRisk";
    /** Evidence fact: the payout went through an intermediary towards or via a high-risk country. */
    static final String ROUTED = "routedThroughIntermediary";
    /** Evidence fact: the provider is a configured PRC-linked service (A10). */
    static final String A10 = "a10ProviderMatch";

    private WindowStore<String, ObservedEvent> payouts;

    HighRiskDestinationProcessor(DetectorInputs inputs) {
        super(HighRiskDestinationDetector.ID, inputs);
    }

    private HighRiskDestinationSettings config() {
        return rule(HighRiskDestinationSettings.DECLARATION);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        payouts = context.getStateStore(HighRiskDestinationDetector.PAYOUTS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        long t = record.timestamp();
        payouts.put(account, record.value(), t);
        boolean routed = record.value().getFacts().containsKey(ROUTED);

        List<ObservedEvent> around = between(payouts, account, t - windowMs(), t + windowMs());
        HighRiskWindow.Selection best = HighRiskWindow.find(around, t, windowMs(), config().minPayouts(), config().amountLimit());
        if (!best.met() && !routed) {
            return;
        }
        long routedCount = best.events().stream().filter(e -> e.getFacts().containsKey(ROUTED)).count();
        boolean a10 = best.events().stream().anyMatch(e -> e.getFacts().containsKey(A10));

        List<Threshold> thresholds = new ArrayList<>();
        thresholds.add(AlertDraft.threshold("high-risk-payouts", config().minPayouts(), best.count()));
        boolean overAmount = false;
        boolean farOverAmount = false;
        for (Map.Entry<String, BigDecimal> total : best.totals().entrySet()) {
            if (total.getValue().compareTo(config().amountLimit()) > 0) {
                overAmount = true;
                farOverAmount |= total.getValue().compareTo(config().amountLimit().multiply(BigDecimal.valueOf(2))) > 0;
                thresholds.add(AlertDraft.threshold("high-risk-total-" + total.getKey(),
                        config().amountLimit().doubleValue(), total.getValue().doubleValue()));
            }
        }
        if (routedCount > 0) {
            thresholds.add(AlertDraft.threshold("intermediary-routed-payouts", 1, routedCount));
        }
        boolean high = (routedCount > 0 && best.met()) || best.count() >= 2 * config().minPayouts() || farOverAmount;

        StringBuilder description = new StringBuilder("Account " + account + " made " + best.count()
                + " payout(s) to high-risk destinations within " + Durations.format(settings().window()));
        if (!best.totals().isEmpty()) {
            description.append(", totalling ").append(totalsText(best.totals()));
        }
        description.append(" (thresholds ").append(config().minPayouts()).append(" payouts or more than ")
                .append(config().amountLimit().toPlainString()).append(" per currency)");
        if (routedCount > 0) {
            description.append("; ").append(routedCount).append(" routed through an intermediary");
        }
        if (a10) {
            description.append("; destination provider is a PRC-linked payment service (A10)");
        }
        description.append('.');

        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("window", Durations.format(settings().window()));
        parameters.put("grace", Durations.format(settings().grace()));
        parameters.put("countries", String.join(",", config().countries()));
        parameters.put("providers", String.join(",", config().providers()));
        parameters.put("min-payouts", Integer.toString(config().minPayouts()));
        parameters.put("amount-limit", config().amountLimit().toPlainString() + " (per currency, no FX conversion)");
        if (a10) {
            parameters.put("also-indicates", "A10");
        }
        emit(new AlertDraft(ruleId, Indicator.A8,
                a10 ? "Payouts to PRC-linked payment services or high-risk countries" : "Payouts to high-risk destinations",
                description.toString(),
                high ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                best.events(),
                thresholds,
                parameters,
                best.start(), best.end()), t);
    }

    private static String totalsText(Map<String, BigDecimal> totals) {
        List<String> parts = new ArrayList<>();
        totals.forEach((currency, amount) -> parts.add(amount.stripTrailingZeros().toPlainString() + " " + currency));
        return String.join(" + ", parts);
    }
}
