package io.flagstream.detect.smallpayouts;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records keyed by account: payouts below the small limit. Logs each under {@code account|currency}, then
 * looks for a window around it with enough of them adding up to more than the total limit.
 */
final class SmallPayoutsDrainProcessor extends DetectorProcessor<ObservedEvent> {
    private WindowStore<String, ObservedEvent> payouts;

    SmallPayoutsDrainProcessor(DetectorInputs inputs) {
        super(SmallPayoutsDrainDetector.ID, inputs);
    }

    private SmallPayoutsDrainSettings rule() {
        return rule(SmallPayoutsDrainSettings.DECLARATION);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        payouts = context.getStateStore(SmallPayoutsDrainDetector.PAYOUTS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        String currency = record.value().getSubject();
        String key = account + "|" + currency;
        long t = record.timestamp();
        payouts.put(key, record.value(), t);

        // The log keeps duplicates; a payout delivered twice counts once.
        Set<String> seen = new HashSet<>();
        List<ObservedEvent> around = between(payouts, key, t - windowMs(), t + windowMs()).stream()
                .filter(e -> seen.add(e.getEventId())).toList();
        DrainWindow.Selection best = DrainWindow.find(around, t, windowMs(), rule().minPayouts(), rule().totalLimit(),
                e -> new BigDecimal(e.getFacts().get(SmallPayoutsDrainDetector.AMOUNT_VALUE)));
        if (!best.found()) {
            return;
        }
        String total = best.total().stripTrailingZeros().toPlainString();
        emit(new AlertDraft(ruleId, Indicator.A18,
                "Many small payouts adding up",
                "Account " + account + " made " + best.count() + " payouts below " + plain(rule().smallLimit()) + " " + currency
                        + " within " + Durations.format(settings().window()) + ", " + total + " " + currency + " in all (thresholds: "
                        + rule().minPayouts() + " payouts, more than " + plain(rule().totalLimit()) + " " + currency + ").",
                best.total().compareTo(rule().totalLimit().multiply(BigDecimal.valueOf(5))) > 0 ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                best.events(),
                List.of(AlertDraft.threshold("small-payouts", rule().minPayouts(), best.count()),
                        AlertDraft.threshold("total-amount-" + currency, rule().totalLimit().doubleValue(), best.total().doubleValue())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "small-limit", plain(rule().smallLimit()), "total-limit", plain(rule().totalLimit()),
                        "currency", currency, "fx", "none: limits apply in each payout currency separately"),
                best.start(), best.end()), t);
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
