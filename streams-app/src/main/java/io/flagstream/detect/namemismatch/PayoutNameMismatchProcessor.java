package io.flagstream.detect.namemismatch;

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
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by account: its payouts and payment methods added whose holder name differs from the legal
 * name. Logs each; a payout is "right after the instrument was added" when the profile says the instrument
 * was added at most W before, or a mismatching addition of the same instrument is logged within W before it
 * (also when that addition arrives late, within grace).
 */
final class PayoutNameMismatchProcessor extends DetectorProcessor<ObservedEvent> {
    private WindowStore<String, ObservedEvent> mismatches;

    PayoutNameMismatchProcessor(DetectorInputs inputs) {
        super(PayoutNameMismatchDetector.ID, inputs);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        mismatches = context.getStateStore(PayoutNameMismatchDetector.MISMATCHES_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        mismatches.put(account, event, t);

        List<ObservedEvent> around = between(mismatches, account, t - windowMs(), t + windowMs());
        boolean payout = ObservedEvents.PAYOUTS.equals(event.getSource());
        String instrument = event.getSubject();
        // The (payout, addition) pair of this instrument that makes it "paid right after being added", if any.
        Long addedAt = null;
        Long paidAt = null;
        if (payout) {
            String profileAddedAt = event.getFacts().get(PayoutNameMismatchDetector.INSTRUMENT_ADDED_AT);
            if (profileAddedAt != null && within(Instant.parse(profileAddedAt).toEpochMilli(), t)) {
                addedAt = Instant.parse(profileAddedAt).toEpochMilli();
                paidAt = t;
            }
            for (ObservedEvent e : around) {
                if (addedAt == null && isAddition(e, instrument) && within(e.getTimestamp(), t)) {
                    addedAt = e.getTimestamp();
                    paidAt = t;
                }
            }
        } else {
            for (ObservedEvent e : around) {
                if (paidAt == null && isPayout(e, instrument) && within(t, e.getTimestamp())) {
                    addedAt = t;
                    paidAt = e.getTimestamp();
                }
            }
        }
        boolean fresh = addedAt != null;

        List<Threshold> thresholds = new ArrayList<>();
        thresholds.add(AlertDraft.threshold("name-mismatched-events", 1, around.size()));
        if (fresh) {
            thresholds.add(AlertDraft.threshold("hours-from-instrument-added-to-payout",
                    settings().window().toHours(), Duration.ofMillis(paidAt - addedAt).toHours()));
        }
        String holder = event.getFacts().get("holderName");
        String legal = event.getFacts().get(PayoutNameMismatchDetector.LEGAL_NAME);
        String description = (payout ? "Payout" : "Payment method added") + " to instrument " + instrument
                + " held by \"" + holder + "\", not the account's legal name \"" + legal + "\""
                + (fresh ? "; paid out within " + Durations.format(settings().window()) + " of the instrument being added" : "")
                + " (" + around.size() + " such event(s) within " + Durations.format(settings().window()) + ").";
        long start = around.get(0).getTimestamp();
        long end = around.get(around.size() - 1).getTimestamp();
        emit(new AlertDraft(ruleId, Indicator.A9,
                "Paid into an account in another name",
                description,
                fresh ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                around,
                thresholds,
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "name-comparison", "case, accents, punctuation and name-part order ignored"),
                start, end), t);
    }

    /** {@code paid} is at most the window after {@code added}. */
    private boolean within(long added, long paid) {
        return paid >= added && paid - added <= windowMs();
    }

    private static boolean isAddition(ObservedEvent e, String instrument) {
        return ObservedEvents.ACCOUNT_CHANGES.equals(e.getSource()) && instrument.equals(e.getSubject());
    }

    private static boolean isPayout(ObservedEvent e, String instrument) {
        return ObservedEvents.PAYOUTS.equals(e.getSource()) && instrument.equals(e.getSubject());
    }
}
