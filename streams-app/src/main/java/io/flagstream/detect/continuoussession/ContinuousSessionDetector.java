package io.flagstream.detect.continuoussession;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.detect.Watermark;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSamples;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A3, an account active without a break for a day or more: alert when account A has a session of activity
 * (logins of any kind, heartbeats included, and payouts) with no gap longer than {@code maxGap} and
 * {@code last event - first event >= W}. Each account keeps, in one record, only the bounds of the sessions an
 * on-time event can still extend or join (those that ended less than grace + maxGap before the {@link Watermark});
 * their sample events are kept per session, apart, and rewritten only when the sample changes. An out-of-order
 * event that bridges two sessions merges them, as Kafka's session windows would. Kafka's session windows kept every
 * session for grace + {@link Watermark#MAX_LAG} (8 days), because they judge lateness by the task's highest event
 * time: that store was over half of all state (docs/benchmarks.md). Both inputs are keyed by account already (no
 * repartition).
 */
public final class ContinuousSessionDetector implements Detector {
    public static final String ID = "a3-continuous-session";
    public static final String SESSIONS_STORE = ID + "-account-sessions-store";
    /** Each open session's sample events, keyed by account and session start. */
    public static final String SAMPLES_STORE = ID + "-session-samples-store";
    /** The subject of every activity event: A3 counts no particular value, only the activity itself. */
    static final String ACTIVITY = "activity";

    private final ContinuousSessionSettings settings;

    public ContinuousSessionDetector(ContinuousSessionSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A3;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        KStream<String, ObservedEvent> logins = inputs.logins()
                .mapValues(login -> ObservedEvents.of(login, ACTIVITY), Named.as(ID + "-observe-logins"));
        KStream<String, ObservedEvent> payouts = inputs.payouts()
                .mapValues(payout -> ObservedEvents.of(payout, ACTIVITY), Named.as(ID + "-observe-payouts"));
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new ContinuousSessionProcessor(inputs),
                inputs.stores().episodes(ID, inputs.serdes().episode()),
                inputs.stores().keyValueStore(SESSIONS_STORE, InternalSerdes.accountSessions()),
                inputs.stores().keyValueStore(SAMPLES_STORE, new InternalAvroSerde<>(SessionSamples.class)));
        return logins.merge(payouts, Named.as(ID + "-activity"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /** Evidence samples one event per W/24 (one an hour for a 24 h window), so its size tracks the session length. */
    static long sampleMs(ContinuousSessionSettings settings) {
        return Math.max(1, settings.common().window().toMillis() / 24);
    }
}
