package io.flagstream.detect.cryptoswitch;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by account: all its payouts and the crypto wallets it adds. A fiat payout is logged (at most
 * one a day, enough to prove history) and pairs with crypto events up to W after it; a crypto event is logged
 * and pairs with the latest fiat payout up to W before it, or stands on its own when the account had a
 * non-crypto instrument on file.
 */
final class CryptoSwitchProcessor extends DetectorProcessor<ObservedEvent> {
    /** A fiat payout is logged only if none is logged within this time before it: bounded history per account. */
    static final long FIAT_SAMPLE_MS = Duration.ofDays(1).toMillis();

    private WindowStore<String, ObservedEvent> fiat;
    private WindowStore<String, ObservedEvent> crypto;

    CryptoSwitchProcessor(DetectorInputs inputs) {
        super(CryptoSwitchDetector.ID, inputs);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        fiat = context.getStateStore(CryptoSwitchDetector.FIAT_STORE);
        crypto = context.getStateStore(CryptoSwitchDetector.CRYPTO_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        if (!CryptoSwitchDetector.isCrypto(event)) {
            onFiatPayout(account, event, t);
        } else {
            crypto.put(account, event, t);
            List<ObservedEvent> before = between(fiat, account, t - windowMs(), t);
            ObservedEvent lastFiat = before.isEmpty() ? null : before.get(before.size() - 1);
            boolean onFile = Boolean.parseBoolean(event.getFacts().get(CryptoSwitchDetector.FIAT_ON_FILE));
            if (lastFiat != null || onFile) {
                alert(account, lastFiat, between(crypto, account, lastFiat == null ? t - windowMs() : lastFiat.getTimestamp(), t), t);
            }
        }
    }

    private void onFiatPayout(String account, ObservedEvent event, long t) {
        if (between(fiat, account, t - FIAT_SAMPLE_MS, t).isEmpty()) {
            fiat.put(account, event, t);
        }
        // Crypto events already seen after this (late) fiat payout: the switch is now visible.
        List<ObservedEvent> after = between(crypto, account, t, t + windowMs());
        if (!after.isEmpty()) {
            alert(account, event, after, after.get(after.size() - 1).getTimestamp());
        }
    }

    private void alert(String account, ObservedEvent lastFiat, List<ObservedEvent> cryptoEvents, long t) {
        List<ObservedEvent> evidence = new ArrayList<>(cryptoEvents);
        if (lastFiat != null) {
            evidence.add(lastFiat);
        }
        evidence.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).thenComparing(ObservedEvent::getEventId));
        long cryptoPayouts = cryptoEvents.stream().filter(e -> ObservedEvents.PAYOUTS.equals(e.getSource())).count();
        String history = lastFiat != null
                ? "after a fiat payout (" + lastFiat.getFacts().get("instrumentType") + ", " + lastFiat.getFacts().get("amount") + ")"
                : "while holding a fiat instrument on file";
        String description = "Account " + account + " moved to virtual currency " + history + ": "
                + cryptoEvents.size() + " crypto-wallet event(s), " + cryptoPayouts + " of them payouts, within "
                + Durations.format(settings().window()) + ".";
        long start = evidence.get(0).getTimestamp();
        emit(new AlertDraft(ruleId, Indicator.A12,
                "Switch from fiat to crypto payouts",
                description,
                lastFiat != null && cryptoPayouts > 0 ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                evidence,
                List.of(AlertDraft.threshold("fiat-payouts-before", 1, lastFiat == null ? 0 : 1),
                        AlertDraft.threshold("crypto-events", 1, cryptoEvents.size())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace())),
                start, evidence.get(evidence.size() - 1).getTimestamp()), t);
    }
}
