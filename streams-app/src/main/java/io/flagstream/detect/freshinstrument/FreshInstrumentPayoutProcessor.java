package io.flagstream.detect.freshinstrument;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by account: payouts with the profile as of their time. A payout that meets a condition is
 * logged; the alert carries every fresh payout of the account within the lookback, so a burst of them
 * grows one alert (same id) instead of raising several.
 */
final class FreshInstrumentPayoutProcessor extends DetectorProcessor<PayoutContext> {
    private WindowStore<String, ObservedEvent> payouts;

    FreshInstrumentPayoutProcessor(DetectorInputs inputs) {
        super(FreshInstrumentPayoutDetector.ID, inputs);
    }

    private Duration maxAccountAge() {
        return rule(FreshInstrumentPayoutSettings.DECLARATION).maxAccountAge();
    }

    private long lookbackMs() {
        return FreshInstrumentPayoutDetector.lookback(rule(FreshInstrumentPayoutSettings.DECLARATION)).toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        payouts = context.getStateStore(FreshInstrumentPayoutDetector.PAYOUTS_STORE);
    }

    @Override
    protected void detect(Record<String, PayoutContext> record) {
        String account = record.key();
        PayoutContext ctx = record.value();
        long t = record.timestamp();
        Freshness fresh = Freshness.of(ctx, settings().window(), maxAccountAge());
        if (!fresh.any()) {
            return;
        }
        payouts.put(account, observe(ctx, fresh), t);

        List<ObservedEvent> recent = between(payouts, account, t - lookbackMs(), t + settings().grace().toMillis());
        int freshInstrument = 0;
        int newAccount = 0;
        long minInstrumentAge = Long.MAX_VALUE;
        long minAccountAge = Long.MAX_VALUE;
        for (ObservedEvent e : recent) {
            String conditions = e.getFacts().getOrDefault("condition", "");
            if (conditions.contains("fresh-instrument")) {
                freshInstrument++;
                minInstrumentAge = Math.min(minInstrumentAge, Long.parseLong(e.getFacts().get("instrumentAgeMs")));
            }
            if (conditions.contains("new-account")) {
                newAccount++;
                minAccountAge = Math.min(minAccountAge, Long.parseLong(e.getFacts().get("accountAgeMs")));
            }
        }
        List<Threshold> thresholds = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (freshInstrument > 0) {
            thresholds.add(AlertDraft.threshold("instrument-age-ms", settings().window().toMillis(), minInstrumentAge));
            why.add(freshInstrument + " payout(s) to an instrument added less than " + Durations.format(settings().window())
                    + " before (youngest " + Freshness.age(minInstrumentAge) + ")");
        }
        if (newAccount > 0) {
            thresholds.add(AlertDraft.threshold("account-age-ms", maxAccountAge().toMillis(), minAccountAge));
            why.add(newAccount + " payout(s) from an account younger than " + Durations.format(maxAccountAge())
                    + " (youngest " + Freshness.age(minAccountAge) + ")");
        }
        emit(new AlertDraft(ruleId, Indicator.A19,
                "Payout to a fresh instrument or from a new account",
                "Account " + account + ": " + String.join("; ", why) + ".",
                freshInstrument > 0 && newAccount > 0 ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                recent,
                thresholds,
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "max-account-age", Durations.format(maxAccountAge())),
                recent.get(0).getTimestamp(), t), t);
    }

    private static ObservedEvent observe(PayoutContext ctx, Freshness fresh) {
        ObservedEvent e = ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getFingerprint());
        Map<String, String> facts = e.getFacts();
        facts.put("condition", fresh.conditions());
        if (fresh.instrumentAgeMs() != null) {
            ObservedEvents.withInstrumentAddedAt(e, ctx.getInstrumentAddedAt());
            facts.put("instrumentAge", Freshness.age(fresh.instrumentAgeMs()));
            facts.put("instrumentAgeMs", Long.toString(fresh.instrumentAgeMs()));
        }
        if (fresh.accountAgeMs() != null) {
            facts.put("accountCreatedAt", Instant.ofEpochMilli(ctx.getAccountCreatedAt()).toString());
            facts.put("accountAge", Freshness.age(fresh.accountAgeMs()));
            facts.put("accountAgeMs", Long.toString(fresh.accountAgeMs()));
        }
        return e;
    }
}
