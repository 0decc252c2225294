package io.flagstream.topology;

import io.flagstream.config.AlertSettings;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Clock;

/**
 * The decoded input streams (keyed by account id, on event time) and the re-keys detectors share. A re-key
 * is built the first time a detector asks for it and reused after, so the topology has one repartition
 * topic per key, however many detectors need that key.
 */
public final class DetectorInputs {
    public static final String PAYOUTS_BY_INSTRUMENT = "payouts-by-instrument";

    private final KStream<String, Payout> payouts;
    private final KStream<String, Login> logins;
    private final KStream<String, AccountChange> accountChanges;
    private final InternalSerdes serdes;
    private final AlertSettings alertSettings;
    private final Clock clock;
    private KStream<String, Payout> payoutsByInstrument;

    DetectorInputs(KStream<String, Payout> payouts, KStream<String, Login> logins,
                   KStream<String, AccountChange> accountChanges, InternalSerdes serdes,
                   AlertSettings alertSettings, Clock clock) {
        this.payouts = payouts;
        this.logins = logins;
        this.accountChanges = accountChanges;
        this.serdes = serdes;
        this.alertSettings = alertSettings;
        this.clock = clock;
    }

    public KStream<String, Payout> payouts() {
        return payouts;
    }

    public KStream<String, Login> logins() {
        return logins;
    }

    public KStream<String, AccountChange> accountChanges() {
        return accountChanges;
    }

    /** Payouts keyed by destination instrument fingerprint (repartition topic {@value #PAYOUTS_BY_INSTRUMENT}). */
    public KStream<String, Payout> payoutsByInstrument() {
        if (payoutsByInstrument == null) {
            payoutsByInstrument = payouts
                    .selectKey((account, payout) -> payout.getInstrument().getFingerprint(), Named.as("payouts-key-by-instrument"))
                    .repartition(Repartitioned.<String, Payout>as(PAYOUTS_BY_INSTRUMENT)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(serdes.payout()));
        }
        return payoutsByInstrument;
    }

    public InternalSerdes serdes() {
        return serdes;
    }

    public AlertSettings alertSettings() {
        return alertSettings;
    }

    public Clock clock() {
        return clock;
    }
}
