package io.flagstream.detect.contactchurn;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A14, contact details that keep changing: alert when
 * {@code |EMAIL_CHANGED or PHONE_CHANGED changes of account A within any window W| >= minChanges}.
 * Account changes are keyed by account already, so no repartition; each account keeps its contact changes
 * for W + grace.
 */
public final class ContactChurnDetector implements Detector {
    public static final String ID = "a14-contact-churn";
    public static final String TIMELINE_STORE = ID + "-timeline-store";

    private final ContactChurnSettings settings;

    public ContactChurnDetector(ContactChurnSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A14;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new ContactChurnProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.accountChanges()
                .filter((account, change) -> isContactChange(change.getKind()), Named.as(ID + "-contact-changes"))
                .mapValues(ContactChurnDetector::observe, Named.as(ID + "-observe-changes"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    static boolean isContactChange(AccountChangeKind kind) {
        return kind == AccountChangeKind.EMAIL_CHANGED || kind == AccountChangeKind.PHONE_CHANGED;
    }

    /** The change with its kind as subject and the new contact's fingerprint (never the address itself). */
    static ObservedEvent observe(AccountChange change) {
        ObservedEvent e = ObservedEvents.of(change, change.getKind().name());
        if (change.getContactFingerprint() != null) {
            e.getFacts().put("contactFingerprint", change.getContactFingerprint());
        }
        return e;
    }
}
