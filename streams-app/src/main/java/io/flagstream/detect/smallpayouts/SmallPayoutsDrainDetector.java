package io.flagstream.detect.smallpayouts;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.Payout;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A18, a drain in small amounts: alert when, for account A and currency C within any window W,
 * {@code |payouts below smallLimit| >= minPayouts  and  their sum > totalLimit}. Amounts are compared per
 * currency, without FX conversion (limits are in the payout's own currency). Payouts are keyed by account
 * already, so no repartition; each account keeps its small payouts for W + grace under {@code account|currency}.
 */
public final class SmallPayoutsDrainDetector implements Detector {
    public static final String ID = "a18-small-payouts-drain";
    public static final String PAYOUTS_STORE = ID + "-small-payouts-store";
    /** Fact holding the plain amount, summed by the processor. */
    static final String AMOUNT_VALUE = "amountValue";

    private final SmallPayoutsDrainSettings settings;

    public SmallPayoutsDrainDetector(SmallPayoutsDrainSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A18;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SmallPayoutsDrainProcessor(inputs),
                inputs.windowLog(PAYOUTS_STORE, settings.common()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.payouts()
                .filter((account, payout) -> payout.getAmount().compareTo(settings.smallLimit()) < 0, Named.as(ID + "-small-only"))
                .mapValues(SmallPayoutsDrainDetector::observe, Named.as(ID + "-observe-payouts"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /** The payout with its currency as subject and its plain amount as a fact. */
    static ObservedEvent observe(Payout payout) {
        ObservedEvent e = ObservedEvents.of(payout, payout.getCurrency());
        e.getFacts().put(AMOUNT_VALUE, payout.getAmount().stripTrailingZeros().toPlainString());
        return e;
    }
}
