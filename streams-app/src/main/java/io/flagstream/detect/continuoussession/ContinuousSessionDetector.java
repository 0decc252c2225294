package io.flagstream.detect.continuoussession;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorIds;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.detect.Watermark;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSpan;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.SessionStore;

import java.time.Duration;

/**
 * A3, an account active without a break for a day or more: alert when account A has a session of activity
 * (logins of any kind, heartbeats included, and payouts) with no gap longer than {@code maxGap} and
 * {@code last event - first event >= W}. Sessions are DSL session windows
 * ({@code SessionWindows.ofInactivityGapAndGrace(maxGap, grace + Watermark.MAX_LAG)}), which merge sessions
 * joined by an out-of-order event; the session store keeps one small aggregate per session for that long after
 * the session's last event. Both inputs are keyed by account already (no repartition).
 */
public final class ContinuousSessionDetector implements Detector {
    public static final String ID = DetectorIds.A3;
    public static final String SESSIONS_STORE = ID + "-sessions-store";
    /** The subject of every activity event: A3 counts no particular value, only the activity itself. */
    static final String ACTIVITY = "activity";

    private final DetectorsConfig.ContinuousSession settings;

    public ContinuousSessionDetector(DetectorsConfig.ContinuousSession settings) {
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
        long sampleMs = sampleMs(settings);
        long windowMs = settings.common().window().toMillis();
        KStream<String, ObservedEvent> logins = inputs.logins()
                .mapValues(login -> ObservedEvents.of(login, ACTIVITY), Named.as(ID + "-observe-logins"));
        KStream<String, ObservedEvent> payouts = inputs.payouts()
                .mapValues(payout -> ObservedEvents.of(payout, ACTIVITY), Named.as(ID + "-observe-payouts"));
        ProcessorSupplier<String, SessionSpan, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new ContinuousSessionProcessor(inputs),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return logins.merge(payouts, Named.as(ID + "-activity"))
                .groupByKey(Grouped.<String, ObservedEvent>as(ID + "-by-account")
                        .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().observedEvent()))
                .windowedBy(SessionWindows.ofInactivityGapAndGrace(settings.maxGap(), lenientGrace()))
                .aggregate(() -> null,
                        (account, event, span) -> SessionSpans.add(span, event, sampleMs),
                        (account, a, b) -> SessionSpans.merge(a, b, sampleMs),
                        Named.as(ID + "-sessions"),
                        inputs.stores().logged(Materialized.<String, SessionSpan, SessionStore<Bytes, byte[]>>as(SESSIONS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new InternalAvroSerde<>(SessionSpan.class))
                                .withRetention(settings.maxGap().plus(lenientGrace()))
                                // The record cache makes every session lookup iterate the cached sessions (seen
                                // as the replay's hot spot); sessions are small, so write through instead.
                                .withCachingDisabled()))
                .toStream(Named.as(ID + "-session-updates"))
                .filter((session, span) -> span != null && SessionSpans.lengthMs(span) >= windowMs, Named.as(ID + "-long-sessions"))
                .selectKey((session, span) -> session.key(), Named.as(ID + "-key-by-account"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /**
     * Kafka's session windows judge lateness by the task's highest event time, not by our {@link Watermark}:
     * their grace adds the watermark's {@link Watermark#MAX_LAG}, so a partition that lags that much behind
     * another loses nothing here either.
     */
    private Duration lenientGrace() {
        return settings.common().grace().plusMillis(Watermark.MAX_LAG);
    }

    /** Evidence samples one event per W/24 (one an hour for a 24 h window), so its size tracks the session length. */
    static long sampleMs(DetectorsConfig.ContinuousSession settings) {
        return Math.max(1, settings.common().window().toMillis() / 24);
    }
}
