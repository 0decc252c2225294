package io.flagstream.detect.highrisk;

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
 * A8 (with A10), money moved out to high-risk destinations: alert on account A when, within any window W,
 * {@code |high-risk payouts of A| >= minPayouts  or  Σ amount (one currency) > amountLimit}, or at once
 * when a high-risk payout is routed through an intermediary; a payout is high-risk when its instrument's
 * country is in {@code countries}, its provider is in {@code providers} (A10) or its intermediary's country
 * is in {@code countries}. Amounts are never converted between currencies. Payouts are keyed by account
 * already: no repartition. Each account keeps only its high-risk payouts, for W + grace.
 */
public final class HighRiskDestinationDetector implements Detector {
    public static final String ID = "a8-high-risk-destination";
    public static final String PAYOUTS_STORE = ID + "-payouts-store";

    private final HighRiskDestinationSettings settings;

    public HighRiskDestinationDetector(HighRiskDestinationSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A8;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        HighRiskDestinations destinations = new HighRiskDestinations(settings.countries(), settings.providers());
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new HighRiskDestinationProcessor(inputs),
                inputs.windowLog(PAYOUTS_STORE, settings.common()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.payouts()
                .filter((account, payout) -> destinations.classify(payout).flagged(), Named.as(ID + "-high-risk-only"))
                .mapValues(payout -> observe(payout, destinations.classify(payout)), Named.as(ID + "-observe"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /** The payout as evidence, with why it is high-risk and whether it went through an intermediary. */
    static ObservedEvent observe(Payout payout, HighRiskDestinations.Classification c) {
        ObservedEvent e = ObservedEvents.of(payout, payout.getInstrument().getFingerprint());
        e.getFacts().put(HighRiskDestinationProcessor.HIGH_RISK, c.describe());
        if (c.intermediary() != null && payout.getIntermediary().getCountry() != null) {
            e.getFacts().put("intermediaryCountry", payout.getIntermediary().getCountry());
        }
        if (c.routedThroughIntermediary()) {
            e.getFacts().put(HighRiskDestinationProcessor.ROUTED, "true");
        }
        if (c.providerMatched()) {
            e.getFacts().put(HighRiskDestinationProcessor.A10, "true");
        }
        return e;
    }
}
