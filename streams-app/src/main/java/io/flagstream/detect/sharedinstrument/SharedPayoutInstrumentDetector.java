package io.flagstream.detect.sharedinstrument;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;


/**
 * A16, many accounts paying into one wallet: alert when
 * {@code |distinct accounts new to instrument I paying out to it within any window W| >= minAccounts}, where
 * an account is new unless it linked I (payment method added or updated) or paid into I at least
 * {@code establishedAfter} before the payout. Payroll and payment-service collection accounts, escrow and a
 * family's bank account are paid by the same accounts week after week, linked months ago; an operator's
 * wallet is paid by accounts that came to it in the same few days. Reads the shared instrument-activity
 * re-key (payouts and payment-method additions); each instrument keeps its new payers' payouts for W + grace,
 * and every (instrument, account)'s first link or payout for {@code linkMemory}.
 */
public final class SharedPayoutInstrumentDetector implements Detector {
    public static final String ID = "a16-shared-payout-instrument";
    public static final String TIMELINE_STORE = ID + "-timeline-store";
    public static final String LINKS_STORE = ID + "-links-store";

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
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SharedPayoutInstrumentProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().lastSeen(LINKS_STORE, settings.linkMemory().plus(settings.common().grace())),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.instrumentActivity()
                // The node keeps its name from when it passed payouts only: names are part of the upgrade contract.
                .filter((instrument, e) -> ObservedEvents.PAYOUTS.equals(e.getSource()) || isLink(e), Named.as(ID + "-payouts-only"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    static boolean isLink(ObservedEvent e) {
        String kind = e.getFacts().get("kind");
        return "PAYMENT_METHOD_ADDED".equals(kind) || "PAYMENT_METHOD_UPDATED".equals(kind);
    }
}
