package io.flagstream.detect.paymentchurn;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.namemismatch.NameNormaliser;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records keyed by account: payouts and payment-method changes. Remembers which instruments each account
 * used (key {@code account|fingerprint}) to tell a payout to a new instrument from an ordinary one, logs the
 * changes, and counts them around each new change.
 */
final class PaymentMethodChurnProcessor extends DetectorProcessor<ObservedEvent> {
    /** A known instrument's marker is rewritten at most this often, bounding entries per (account, instrument). */
    /** Payee markers ({@code account#fingerprint}) sort before the instrument markers ({@code account|fingerprint}). */
    private static final String PAYEE = "#";
    private static final long REFRESH_MS = Duration.ofDays(1).toMillis();
    private static final String REMOVED = "PAYMENT_METHOD_REMOVED";
    static final String LEGAL_NAME = "legalName";
    private WindowStore<String, Long> instruments;

    PaymentMethodChurnProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(PaymentMethodChurnDetector.ID, inputs, PaymentMethodChurnDetector.TIMELINE_STORE, deployedWindow);
    }

    private int minChanges() {
        return rule(PaymentMethodChurnSettings.DECLARATION).minChanges();
    }

    private int minPayees() {
        return rule(PaymentMethodChurnSettings.DECLARATION).minPayees();
    }

    private long memoryMs() {
        return rule(PaymentMethodChurnSettings.DECLARATION).instrumentMemory().toMillis();
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
        boolean removal = REMOVED.equals(event.getFacts().get("kind"));
        boolean payee = isPayee(event);
        // A payout to an instrument the account's profile lists as added (even beyond instrument-memory) pays an
        // instrument the account set up itself: that addition was the change, if any.
        boolean registered = event.getFacts().containsKey(ObservedEvents.INSTRUMENT_ADDED_AT);
        boolean change = hadAnyInstrument && (removal || (lastUsed == null && !registered));
        // Counted before this event's own marker is written: the other payees the account already had.
        boolean payeeChange = change && payee && minPayees() > 0 && otherPayees(account, event.getSubject(), from, to) >= minPayees();
        if (lastUsed == null || t - lastUsed >= REFRESH_MS) {
            instruments.put(account + "|" + event.getSubject(), t, t);
            if (payee && !removal) {
                instruments.put(account + PAYEE + event.getSubject(), t, t);
            }
        }
        if (!change || payeeChange) {
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
                        "instrument-memory", Durations.format(Duration.ofMillis(memoryMs())),
                        "min-payees", Integer.toString(minPayees())),
                best.start(), best.end()), t);
    }

    /** A payee: the instrument's holder name is present and is not the account's legal name (also present). */
    static boolean isPayee(ObservedEvent event) {
        String holder = event.getFacts().get("holderName");
        String legal = event.getFacts().get(LEGAL_NAME);
        return NameNormaliser.present(holder) && NameNormaliser.present(legal) && !NameNormaliser.same(holder, legal);
    }

    /**
     * Distinct payees of the account other than {@code instrument} marked within [from, to], counted up to
     * {@code minPayees} (so an account with thousands of payees costs no more than one with a few).
     */
    private int otherPayees(String account, String instrument, long from, long to) {
        Set<String> seen = new HashSet<>();
        String self = account + PAYEE + instrument;
        // PAYEE is '#', and '$' follows it: [account#, account$) is exactly this account's payee markers.
        try (KeyValueIterator<Windowed<String>, Long> it = instruments.fetch(account + PAYEE, account + "$", from, to)) {
            while (it.hasNext() && seen.size() < minPayees()) {
                String key = it.next().key.key();
                if (!key.equals(self)) {
                    seen.add(key);
                }
            }
        }
        return seen.size();
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
