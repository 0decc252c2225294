package io.flagstream.detect.clientfreelancer;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A5, the operator paying itself through one payment account: alert on instrument I when, within any window W,
 * {@code ∃ accounts c ≠ f linked to I (payout, payment method added or updated) with role(c) ∈ {CLIENT, BOTH}
 * and role(f) ∈ {FREELANCER, BOTH}}. Reads the shared instrument-activity re-key (role as of the event, from
 * the account profile); events of accounts with no known role are not kept. Each instrument keeps its
 * linking events for W + grace.
 */
public final class SharedClientFreelancerInstrumentDetector implements Detector {
    public static final String ID = "a5-shared-instrument-client-freelancer";
    public static final String TIMELINE_STORE = ID + "-timeline-store";

    private final ClientFreelancerSettings settings;

    public SharedClientFreelancerInstrumentDetector(ClientFreelancerSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A5;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SharedClientFreelancerInstrumentProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.instrumentActivity()
                .filter((instrument, e) -> ClientFreelancerWindow.hasRole(e), Named.as(ID + "-role-known"))
                .process(supplier, Named.as(ID + "-detect"));
    }
}
