package io.flagstream.detect.paymentchurn;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;



/**
 * A17, frequent payment-method changes: alert when
 * {@code |changes of where account A's money goes within any window W| >= minChanges}, where a change is a
 * payment method added, updated or removed, or a payout to an instrument A has not used within
 * {@code instrumentMemory} and its profile does not list as added. An account's very first instrument is its set-up,
 * not a change. A change of a payee (an instrument whose holder name is not the account's legal name) is not counted
 * when the account already linked at least {@code minPayees} other payees within {@code instrumentMemory}: an account
 * that pays several other people (an agency paying its contractors) taking on one more changes whom it pays, not
 * where its own money goes. Both inputs are keyed by account already, so no repartition is needed (the topics are
 * co-partitioned); payouts come with the account's profile as of their time ({@code payoutContexts}).
 */
public final class PaymentMethodChurnDetector implements Detector {
    public static final String ID = "a17-payment-method-churn";
    public static final String TIMELINE_STORE = ID + "-timeline-store";
    public static final String INSTRUMENTS_STORE = ID + "-instruments-store";

    private final PaymentMethodChurnSettings settings;

    public PaymentMethodChurnDetector(PaymentMethodChurnSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A17;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        KStream<String, ObservedEvent> methodChanges = inputs.accountChanges()
                .filter((account, change) -> isPaymentMethodChange(change.getKind()), Named.as(ID + "-payment-method-changes"))
                .mapValues(change -> withLegalName(ObservedEvents.of(change, change.getInstrument().getFingerprint()),
                        change.getLegalName()), Named.as(ID + "-observe-changes"));
        KStream<String, ObservedEvent> payouts = inputs.payoutContexts()
                .mapValues(PaymentMethodChurnDetector::observePayout, Named.as(ID + "-observe-payouts"));

        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new PaymentMethodChurnProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().lastSeen(INSTRUMENTS_STORE,
                        settings.instrumentMemory().plus(settings.common().grace())),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return methodChanges.merge(payouts, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /** A payout with the account's legal name and, when the profile lists its instrument, when that was added. */
    private static ObservedEvent observePayout(PayoutContext ctx) {
        return ObservedEvents.withInstrumentAddedAt(withLegalName(
                ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getFingerprint()), ctx.getLegalName()),
                ctx.getInstrumentAddedAt());
    }

    /** The account's legal name (from the change itself, or the profile as of the payout) beside the holder name. */
    private static ObservedEvent withLegalName(ObservedEvent e, String legalName) {
        if (legalName != null) {
            e.getFacts().put(PaymentMethodChurnProcessor.LEGAL_NAME, legalName);
        }
        return e;
    }

    static boolean isPaymentMethodChange(AccountChangeKind kind) {
        return kind == AccountChangeKind.PAYMENT_METHOD_ADDED
                || kind == AccountChangeKind.PAYMENT_METHOD_UPDATED
                || kind == AccountChangeKind.PAYMENT_METHOD_REMOVED;
    }
}
