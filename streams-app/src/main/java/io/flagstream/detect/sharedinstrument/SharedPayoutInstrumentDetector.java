package io.flagstream.detect.sharedinstrument;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorIds;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.Detector;
import io.flagstream.detect.Indicator;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;


/**
 * A16, many accounts paying into one wallet: alert when
 * {@code |distinct accounts paying out to instrument I within any window W| >= minAccounts}.
 * Reads the shared instrument-activity re-key (payouts only); each instrument keeps its payouts for
 * W + grace.
 */
public final class SharedPayoutInstrumentDetector implements Detector {
    public static final String ID = DetectorIds.A16;
    public static final String TIMELINE_STORE = ID + "-timeline-store";

    private final DetectorsConfig.SharedInstrument settings;

    public SharedPayoutInstrumentDetector(DetectorsConfig.SharedInstrument settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A16;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SharedPayoutInstrumentProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.instrumentActivity()
                .filter((instrument, e) -> ObservedEvents.PAYOUTS.equals(e.getSource()), Named.as(ID + "-payouts-only"))
                .process(supplier, Named.as(ID + "-detect"));
    }
}
