package io.flagstream.detect.remoteaccess;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.LoginKind;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Duration;

/**
 * A4, remote-desktop or anonymising access: alert when account A has
 * {@code |successful logins with a remote-desktop port or tool, or an IP type in suspiciousIpTypes, within any
 * window W| >= minSightings}, or a single remote-desktop sighting (port or tool) within {@code payoutLookback}
 * of a payout of A. Logins and payouts are both keyed by account (co-partitioned), merged into one processor:
 * sightings kept for max(W, payoutLookback) + grace, payouts for payoutLookback + grace.
 */
public final class RemoteAccessDetector implements Detector {
    public static final String ID = "a4-remote-access-path";
    public static final String SIGHTINGS_STORE = ID + "-sightings-store";
    public static final String PAYOUTS_STORE = ID + "-payouts-store";

    private final RemoteAccessSettings settings;

    public RemoteAccessDetector(RemoteAccessSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A4;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        AccessPath accessPath = new AccessPath(settings, inputs.allowList());
        Duration grace = settings.common().grace();
        Duration window = settings.common().window();
        Duration sightingsKept = (window.compareTo(settings.payoutLookback()) >= 0 ? window : settings.payoutLookback()).plus(grace);
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new RemoteAccessProcessor(inputs),
                inputs.stores().eventLog(SIGHTINGS_STORE, sightingsKept, inputs.serdes().observedEvent()),
                inputs.stores().eventLog(PAYOUTS_STORE, settings.payoutLookback().plus(grace), inputs.serdes().observedEvent()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        KStream<String, ObservedEvent> sightings = inputs.logins()
                .filter((account, login) -> login.getKind() == LoginKind.LOGIN_SUCCESS, Named.as(ID + "-successful-logins"))
                .mapValues(accessPath::sighting, Named.as(ID + "-observe-access-paths"))
                .filter((account, sighting) -> sighting != null, Named.as(ID + "-suspicious-access-paths"));
        KStream<String, ObservedEvent> payouts = inputs.payouts()
                .mapValues(payout -> ObservedEvents.of(payout, payout.getInstrument().getFingerprint()), Named.as(ID + "-observe-payouts"));
        return sightings.merge(payouts, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }
}
