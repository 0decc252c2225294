package io.flagstream.detect.sharedinstrument;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.SharedInstrumentSettings;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorStores;
import io.flagstream.detect.Indicator;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.Payout;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;


/**
 * A16, many accounts paying into one wallet: alert when
 * {@code |distinct accounts paying out to instrument I within any window W| >= minAccounts}.
 * Payouts are re-keyed by instrument fingerprint (shared re-key); each instrument keeps its payouts for
 * W + grace.
 */
public final class SharedPayoutInstrumentDetector implements Detector {
    public static final String ID = "a16-shared-payout-instrument";
    public static final String PAYOUTS_STORE = ID + "-payouts-store";

    private final SharedInstrumentSettings settings;

    public SharedPayoutInstrumentDetector(SharedInstrumentSettings settings) {
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
        ProcessorSupplier<String, Payout, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SharedPayoutInstrumentProcessor(settings, inputs.alertSettings(), inputs.clock()),
                DetectorStores.eventLog(PAYOUTS_STORE,
                        settings.common().window().plus(settings.common().grace()), inputs.serdes().observedEvent()),
                DetectorStores.episodes(ID, inputs.serdes().episode()));
        return inputs.payoutsByInstrument().process(supplier, Named.as(ID + "-detect"));
    }
}
