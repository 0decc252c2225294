package io.flagstream.detect.namemismatch;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.Payout;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.ProfileInstrument;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Instant;

/**
 * A9, paid into an account in another name: alert on account A for a payout, or a payment method added or
 * updated, whose {@code NameNormaliser.same(instrument holder name, legal name of A as of the event) = false};
 * HIGH when the payout's instrument was added within the window W before it. Names missing on either side
 * raise nothing, and neither does a payout that only repeats its instrument's addition
 * ({@link #repeatsAddition}). Payouts and payment-method changes are joined here with the versioned profile
 * table (lookups as of the event's time, no store, no repartition): the profile gives the legal name and the
 * payout instrument's addition time and holder name. Each account keeps its mismatching events for W + grace,
 * so a payout and the instrument's addition are shown together.
 */
public final class PayoutNameMismatchDetector implements Detector {
    public static final String ID = "a9-payout-name-mismatch";
    public static final String MISMATCHES_STORE = ID + "-mismatches-store";
    /** Evidence facts. */
    static final String LEGAL_NAME = "legalName";
    static final String INSTRUMENT_ADDED_AT = ObservedEvents.INSTRUMENT_ADDED_AT;
    static final String HOLDER_WHEN_ADDED = "holderNameWhenAdded";

    private final PayoutNameMismatchSettings settings;

    public PayoutNameMismatchDetector(PayoutNameMismatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A9;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        long windowMs = settings.common().window().toMillis();
        KStream<String, ObservedEvent> payouts = inputs.payouts()
                .filter((account, p) -> NameNormaliser.present(p.getInstrument().getHolderName()), Named.as(ID + "-payouts-with-holder"))
                .join(inputs.profiles(), PayoutNameMismatchDetector::observePayout,
                        Joined.<String, Payout, AccountProfile>as(ID + "-payouts-with-profile")
                                .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().payout())
                                .withOtherValueSerde(inputs.serdes().accountProfile()))
                .filter((account, e) -> differs(e.getFacts().get("holderName"), e.getFacts().get(LEGAL_NAME))
                        && !repeatsAddition(e, windowMs), Named.as(ID + "-payout-name-differs"));
        KStream<String, ObservedEvent> added = inputs.accountChanges()
                .filter((account, c) -> (c.getKind() == AccountChangeKind.PAYMENT_METHOD_ADDED || c.getKind() == AccountChangeKind.PAYMENT_METHOD_UPDATED)
                        && c.getInstrument() != null && NameNormaliser.present(c.getInstrument().getHolderName()),
                        Named.as(ID + "-payment-method-changes"))
                .join(inputs.profiles(), PayoutNameMismatchDetector::observeAddition,
                        Joined.<String, AccountChange, AccountProfile>as(ID + "-payment-methods-with-profile")
                                .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().accountChange())
                                .withOtherValueSerde(inputs.serdes().accountProfile()))
                .filter((account, e) -> differs(e.getFacts().get("holderName"), e.getFacts().get(LEGAL_NAME)),
                        Named.as(ID + "-payment-method-name-differs"));

        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new PayoutNameMismatchProcessor(inputs),
                inputs.windowLog(MISMATCHES_STORE, settings.common()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return payouts.merge(added, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /**
     * A payout into an instrument the account added (or last updated) more than W before it, under the same
     * holder name it is paid to now, repeats the finding raised when that instrument was added: the holder
     * name was judged then, and the payout adds no new fact. Alerting again would open a new episode for
     * every payout a week apart, for as long as the account keeps that instrument (a household paid into a
     * relative's account would alert forever).
     */
    static boolean repeatsAddition(ObservedEvent payout, long windowMs) {
        String addedAt = payout.getFacts().get(INSTRUMENT_ADDED_AT);
        String holderWhenAdded = payout.getFacts().get(HOLDER_WHEN_ADDED);
        return addedAt != null && payout.getTimestamp() - Instant.parse(addedAt).toEpochMilli() > windowMs
                && NameNormaliser.present(holderWhenAdded) && NameNormaliser.same(holderWhenAdded, payout.getFacts().get("holderName"));
    }

    /** Both names present and not the same person's name. */
    static boolean differs(String holderName, String legalName) {
        return NameNormaliser.present(holderName) && NameNormaliser.present(legalName)
                && !NameNormaliser.same(holderName, legalName);
    }

    private static ObservedEvent observePayout(Payout payout, AccountProfile profile) {
        ObservedEvent e = ObservedEvents.of(payout, payout.getInstrument().getFingerprint());
        if (profile.getLegalName() != null) {
            e.getFacts().put(LEGAL_NAME, profile.getLegalName());
        }
        ProfileInstrument instrument = profile.getInstruments().get(payout.getInstrument().getFingerprint());
        if (instrument != null) {
            e.getFacts().put(INSTRUMENT_ADDED_AT, Instant.ofEpochMilli(instrument.getAddedAt()).toString());
            if (instrument.getHolderName() != null) {
                e.getFacts().put(HOLDER_WHEN_ADDED, instrument.getHolderName());
            }
        }
        return e;
    }

    private static ObservedEvent observeAddition(AccountChange change, AccountProfile profile) {
        ObservedEvent e = ObservedEvents.of(change, change.getInstrument().getFingerprint());
        if (profile.getLegalName() != null) {
            e.getFacts().put(LEGAL_NAME, profile.getLegalName());
        }
        return e;
    }
}
