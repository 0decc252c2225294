package io.flagstream.detect.paymentchurn;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by account: payouts and payment-method changes. Remembers which instruments each account
 * used (key {@code account|fingerprint}) to tell a payout to a new instrument from an ordinary one, logs the
 * changes, and counts them around each new change.
 */
final class PaymentMethodChurnProcessor extends DetectorProcessor<ObservedEvent> {
    /** A known instrument's marker is rewritten at most this often, bounding entries per (account, instrument). */
    private static final long REFRESH_MS = Duration.ofDays(1).toMillis();
    private static final String REMOVED = "PAYMENT_METHOD_REMOVED";
    private WindowStore<String, Long> instruments;

    PaymentMethodChurnProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(PaymentMethodChurnDetector.ID, inputs, PaymentMethodChurnDetector.TIMELINE_STORE, deployedWindow);
    }

    private int minChanges() {
        return rule(DetectorsConfig::paymentMethodChurn).minChanges();
    }

    private long memoryMs() {
        return rule(DetectorsConfig::paymentMethodChurn).instrumentMemory().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        instruments = context.getStateStore(PaymentMethodChurnDetector.INSTRUMENTS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        long from = t - memoryMs();
        long to = t + settings().grace().toMillis();

        Long lastUsed = latest(instruments.fetch(account + "|" + event.getSubject(), from, to));
        boolean hadAnyInstrument = lastUsed != null || hasAny(account, from, to);
        if (lastUsed == null || t - lastUsed >= REFRESH_MS) {
            instruments.put(account + "|" + event.getSubject(), t, t);
        }
        boolean removal = REMOVED.equals(event.getFacts().get("kind"));
        boolean change = hadAnyInstrument && (removal || lastUsed == null);
        if (!change) {
            return;
        }
        if (ObservedEvents.PAYOUTS.equals(event.getSource())) {
            event.getFacts().put("kind", "PAYOUT_TO_NEW_INSTRUMENT");
        }
        EventWindow.Selection best = addAndSelect(account, event, t, ObservedEvent::getEventId);
        if (best.distinct() < minChanges()) {
            return;
        }
        emit(new AlertDraft(ruleId, Indicator.A17,
                "Frequent payout-method changes",
                "Account " + account + " changed where its money goes " + best.distinct() + " times within "
                        + Durations.format(settings().window()) + " (threshold " + minChanges() + ").",
                severity(best.distinct(), minChanges()),
                "account", account,
                best.events(),
                List.of(AlertDraft.threshold("payment-method-changes", minChanges(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "instrument-memory", Durations.format(Duration.ofMillis(memoryMs()))),
                best.start(), best.end()), t);
    }

    private boolean hasAny(String account, long from, long to) {
        // '|' sorts before '}', so [account|, account}) is exactly this account's keys.
        try (KeyValueIterator<Windowed<String>, Long> it = instruments.fetch(account + "|", account + "}", from, to)) {
            return it.hasNext();
        }
    }

    private static Long latest(WindowStoreIterator<Long> it) {
        try (it) {
            Long latest = null;
            while (it.hasNext()) {
                KeyValue<Long, Long> kv = it.next();
                latest = latest == null ? kv.value : Math.max(latest, kv.value);
            }
            return latest;
        }
    }
}
