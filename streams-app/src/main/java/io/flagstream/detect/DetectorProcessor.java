package io.flagstream.detect;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alert.AlertFactory;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.AllowList;
import io.flagstream.config.DetectorSettings;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every detector's processor shares: event-time lateness, the episode store that deduplicates its
 * alerts, emitting an alert keyed by its id, and closing ended episodes from a wall-clock punctuator.
 * Subclasses implement {@link #detect(Record)}.
 *
 * <p>Lateness is judged against the highest event time this task has seen (kept in memory: after a restart
 * the first records are accepted, which only makes the detector more lenient, never wrong).
 */
public abstract class DetectorProcessor<V> extends ContextualProcessor<String, V, String, FraudAlert> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    protected final String ruleId;
    protected final DetectorSettings settings;
    protected final AllowList allowList;
    private final String episodesStore;
    private final AlertSettings alertSettings;
    private final Clock clock;
    private AlertEpisodes episodes;
    private Sensor lateEvents;
    private long maxEventTime = Long.MIN_VALUE;

    protected DetectorProcessor(String ruleId, DetectorSettings settings, DetectorInputs inputs) {
        this.ruleId = ruleId;
        this.settings = settings;
        this.allowList = inputs.allowList();
        this.episodesStore = DetectorStores.episodesStoreName(ruleId);
        this.alertSettings = inputs.alertSettings();
        this.clock = inputs.clock();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        KeyValueStore<String, Episode> store = context.getStateStore(episodesStore);
        episodes = new AlertEpisodes(store, new AlertFactory(alertSettings.maxEvidence(), clock), alertSettings.suppression());
        lateEvents = context.metrics().addRateTotalSensor("flagstream", ruleId, "late-events-dropped", Sensor.RecordingLevel.INFO);
        // Ended episodes are closed here: the close record goes down the same alert stream (same key, next
        // revision, status CLOSED), stamped with the task's event time.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (maxEventTime != Long.MIN_VALUE) {
                for (FraudAlert close : episodes.purge(maxEventTime)) {
                    context.forward(new Record<>(close.getAlertId(), close, maxEventTime));
                }
            }
        });
    }

    @Override
    public final void process(Record<String, V> record) {
        long t = record.timestamp();
        if (maxEventTime != Long.MIN_VALUE && t < maxEventTime - settings.grace().toMillis()) {
            lateEvents.record();
            return;
        }
        maxEventTime = Math.max(maxEventTime, t);
        detect(record);
    }

    /** Called for every on-time record, with its event time as record timestamp. */
    protected abstract void detect(Record<String, V> record);

    /** Deduplicates the draft into its episode and forwards the alert, unless the entity is allow-listed. */
    protected final void emit(AlertDraft draft, long timestamp) {
        if (allowList.entity(draft.entityType(), draft.entityId())) {
            return;
        }
        FraudAlert alert = episodes.admit(draft);
        if (alert != null) {
            context().forward(new Record<>(alert.getAlertId(), alert, timestamp));
        }
    }

    protected final long windowMs() {
        return settings.window().toMillis();
    }

    /**
     * The "N distinct things within W" step most detectors share: log the event under its key, then pick the
     * densest window around it (exact under out-of-order arrival, see {@link EventWindow}).
     */
    protected final EventWindow.Selection logAndSelect(WindowStore<String, ObservedEvent> log, String key, ObservedEvent event,
                                                      long t, Function<ObservedEvent, String> distinctKey) {
        log.put(key, event, t);
        return EventWindow.densest(between(log, key, t - windowMs(), t + windowMs()), t, windowMs(), distinctKey);
    }

    /** MEDIUM at the threshold, HIGH from twice the threshold. */
    protected static Severity severity(int observed, int threshold) {
        return observed >= 2 * threshold ? Severity.HIGH : Severity.MEDIUM;
    }

    /** All events stored under {@code key} with times in [from, to], oldest first. */
    protected static List<ObservedEvent> between(WindowStore<String, ObservedEvent> store, String key, long from, long to) {
        List<ObservedEvent> events = new ArrayList<>();
        try (WindowStoreIterator<ObservedEvent> it = store.fetch(key, from, to)) {
            it.forEachRemaining(kv -> events.add(kv.value));
        }
        return events;
    }
}
