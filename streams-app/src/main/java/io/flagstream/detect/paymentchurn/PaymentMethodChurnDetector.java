package io.flagstream.detect.paymentchurn;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorIds;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;


/**
 * A17, frequent payment-method changes: alert when
 * {@code |changes of where account A's money goes within any window W| >= minChanges}, where a change is a
 * payment method added, updated or removed, or a payout to an instrument A has not used within
 * {@code instrumentMemory}. An account's very first instrument is its set-up, not a change. Both inputs
 * are keyed by account already, so no repartition is needed (the topics are co-partitioned).
 */
public final class PaymentMethodChurnDetector implements Detector {
    public static final String ID = DetectorIds.A17;
    public static final String TIMELINE_STORE = ID + "-timeline-store";
    public static final String INSTRUMENTS_STORE = ID + "-instruments-store";

    private final DetectorsConfig.PaymentMethodChurn settings;

    public PaymentMethodChurnDetector(DetectorsConfig.PaymentMethodChurn settings) {
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
                .mapValues(change -> ObservedEvents.of(change, change.getInstrument().getFingerprint()), Named.as(ID + "-observe-changes"));
        KStream<String, ObservedEvent> payouts = inputs.payouts()
                .mapValues(payout -> ObservedEvents.of(payout, payout.getInstrument().getFingerprint()), Named.as(ID + "-observe-payouts"));

        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new PaymentMethodChurnProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().lastSeen(INSTRUMENTS_STORE,
                        settings.instrumentMemory().plus(settings.common().grace())),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return methodChanges.merge(payouts, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    static boolean isPaymentMethodChange(AccountChangeKind kind) {
        return kind == AccountChangeKind.PAYMENT_METHOD_ADDED
                || kind == AccountChangeKind.PAYMENT_METHOD_UPDATED
                || kind == AccountChangeKind.PAYMENT_METHOD_REMOVED;
    }
}
