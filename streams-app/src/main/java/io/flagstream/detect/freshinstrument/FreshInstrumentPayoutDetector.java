package io.flagstream.detect.freshinstrument;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.state.PayoutContext;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Duration;

/**
 * A19, money out at once: alert on a payout P of account A when
 * {@code P.time - instrumentAddedAt(P.instrument) < W  or  P.time - createdAt(A) < maxAccountAge}, both read
 * from the account profile as of P's time. Reads the shared profile join of payouts (keyed by account, no
 * repartition); each account keeps its fresh payouts for {@link #lookback} + grace, as the alert's evidence.
 */
public final class FreshInstrumentPayoutDetector implements Detector {
    public static final String ID = "a19-fresh-instrument-payout";
    public static final String PAYOUTS_STORE = ID + "-payouts-store";

    private final FreshInstrumentPayoutSettings settings;

    public FreshInstrumentPayoutDetector(FreshInstrumentPayoutSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A19;
    }

    /** How far back an account's earlier fresh payouts join the evidence: the longer of the two ages. */
    static Duration lookback(FreshInstrumentPayoutSettings settings) {
        Duration window = settings.common().window();
        return window.compareTo(settings.maxAccountAge()) >= 0 ? window : settings.maxAccountAge();
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, PayoutContext, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new FreshInstrumentPayoutProcessor(inputs),
                inputs.stores().eventLog(PAYOUTS_STORE,
                        lookback(settings).plus(settings.common().grace()), inputs.serdes().observedEvent()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.payoutContexts()
                .filter((account, ctx) -> ctx.getProfileKnown(), Named.as(ID + "-known-accounts"))
                .process(supplier, Named.as(ID + "-detect"));
    }
}
