package io.flagstream.detect;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alert.AlertFactory;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.AllowList;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.live.LiveSettings;
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
 * Subclasses implement {@link #detect(Record)} and read their settings through {@link #settings()} and
 * {@link #rule}, which follow live configuration changes ({@link LiveSettings}).
 *
 * <p>Live changes are noticed by a version check (one volatile read) before every record and every
 * {@value #LIVE_CHECK_SECONDS} s of wall clock: then the settings in force are taken again, a detector switched off
 * stops raising alerts (it keeps the task's event time, so its episodes still end), and the open episodes of
 * entities allow-listed since are closed (a CLOSED alert revision, an OCSF close).
 *
 * <p>Lateness is judged against the highest event time this task has seen (kept in memory: after a restart
 * the first records are accepted, which only makes the detector more lenient, never wrong).
 */
public abstract class DetectorProcessor<V> extends ContextualProcessor<String, V, String, FraudAlert> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final int LIVE_CHECK_SECONDS = 10;

    protected final String ruleId;
    protected final AllowList allowList;
    private final LiveSettings live;
    private final String episodesStore;
    private final Clock clock;
    private KeyValueStore<String, Episode> store;
    private AlertEpisodes episodes;
    private Sensor lateEvents;
    private long maxEventTime = Long.MIN_VALUE;
    /** The live version the fields below were taken at. */
    private long liveVersion = -1;
    private DetectorSettings settings;
    private AlertSettings alertSettings;

    protected DetectorProcessor(String ruleId, DetectorInputs inputs) {
        this.ruleId = ruleId;
        this.live = inputs.live();
        this.allowList = inputs.allowList();
        this.episodesStore = DetectorStores.episodesStoreName(ruleId);
        this.clock = inputs.clock();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        store = context.getStateStore(episodesStore);
        alertSettings = null;
        // Closes cannot be forwarded from init: the first record or punctuation after start checks the
        // restored episodes against the allow-list (liveVersion is still unset).
        takeLiveSettings();
        context.schedule(Duration.ofSeconds(LIVE_CHECK_SECONDS), PunctuationType.WALL_CLOCK_TIME, now -> followLiveChanges());
        lateEvents = context.metrics().addRateTotalSensor("flagstream", ruleId, "late-events-dropped", Sensor.RecordingLevel.INFO);
        // Ended episodes are closed here: the close record goes down the same alert stream (same key, next
        // revision, status CLOSED), stamped with the task's event time.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (maxEventTime != Long.MIN_VALUE) {
                episodes.closeEnded(maxEventTime, context);
            }
        });
    }

    @Override
    public final void process(Record<String, V> record) {
        followLiveChanges();
        long t = record.timestamp();
        if (maxEventTime != Long.MIN_VALUE && t < maxEventTime - settings.grace().toMillis()) {
            lateEvents.record();
            return;
        }
        maxEventTime = Math.max(maxEventTime, t);
        if (settings.enabled()) {
            detect(record);
        }
    }

    /** The on/off switch, window and grace in force. */
    protected final DetectorSettings settings() {
        return settings;
    }

    /** This detector's rule settings in force, e.g. {@code rule(DetectorsConfig::sharedInstrument).minAccounts()}. */
    protected final <R> R rule(Function<DetectorsConfig, R> select) {
        return select.apply(live.detectors());
    }

    private void followLiveChanges() {
        long version = live.version();
        if (version == liveVersion) {
            return;
        }
        liveVersion = version;
        takeLiveSettings();
        for (FraudAlert close : episodes.closeWhere(allowList::entity)) {
            long at = maxEventTime != Long.MIN_VALUE ? maxEventTime : close.getLastSeen().toEpochMilli();
            context().forward(new Record<>(close.getAlertId(), close, at));
        }
    }

    private void takeLiveSettings() {
        settings = live.detectors().common(ruleId);
        AlertSettings alerts = live.alerts();
        if (!alerts.equals(alertSettings)) {
            alertSettings = alerts;
            episodes = new AlertEpisodes(store, new AlertFactory(alerts.maxEvidence(), clock), alerts.suppression());
        }
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
