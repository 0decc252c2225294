package io.flagstream.detect.namemismatch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorIds;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorStores;
import io.flagstream.detect.Indicator;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Instant;

/**
 * A9, paid into an account in another name: alert on account A for a payout, or a payment method added,
 * whose {@code NameNormaliser.same(instrument holder name, legal name of A as of the event) = false}; HIGH
 * when the payout's instrument was added within the window W before it. Names missing on either side
 * raise nothing. Payouts come joined with the profile as of their time (shared); payment methods added are
 * joined here with the versioned profile table (a lookup, no store, no repartition). Each account keeps its
 * mismatching events for W + grace, so a payout and the instrument's addition are shown together.
 */
public final class PayoutNameMismatchDetector implements Detector {
    public static final String ID = DetectorIds.A9;
    public static final String MISMATCHES_STORE = ID + "-mismatches-store";
    /** Evidence facts. */
    static final String LEGAL_NAME = "legalName";
    static final String INSTRUMENT_ADDED_AT = "instrumentAddedAt";

    private final DetectorsConfig.PayoutNameMismatch settings;

    public PayoutNameMismatchDetector(DetectorsConfig.PayoutNameMismatch settings) {
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
        KStream<String, ObservedEvent> payouts = inputs.payoutContexts()
                .filter((account, ctx) -> differs(ctx.getPayout().getInstrument().getHolderName(), ctx.getLegalName()),
                        Named.as(ID + "-payout-name-differs"))
                .mapValues(PayoutNameMismatchDetector::observePayout, Named.as(ID + "-observe-payouts"));
        KStream<String, ObservedEvent> added = inputs.accountChanges()
                .filter((account, c) -> c.getKind() == AccountChangeKind.PAYMENT_METHOD_ADDED && c.getInstrument() != null
                        && NameNormaliser.present(c.getInstrument().getHolderName()), Named.as(ID + "-payment-methods-added"))
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

    /** Both names present and not the same person's name. */
    static boolean differs(String holderName, String legalName) {
        return NameNormaliser.present(holderName) && NameNormaliser.present(legalName)
                && !NameNormaliser.same(holderName, legalName);
    }

    private static ObservedEvent observePayout(PayoutContext ctx) {
        ObservedEvent e = ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getFingerprint());
        e.getFacts().put(LEGAL_NAME, ctx.getLegalName());
        if (ctx.getInstrumentAddedAt() != null) {
            e.getFacts().put(INSTRUMENT_ADDED_AT, Instant.ofEpochMilli(ctx.getInstrumentAddedAt()).toString());
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
