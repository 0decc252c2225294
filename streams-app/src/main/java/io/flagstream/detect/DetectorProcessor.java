package io.flagstream.detect;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alert.AlertFactory;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.AllowList;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.Durations;
import io.flagstream.config.RuleSettings;
import io.flagstream.errors.DeadLetters;
import io.flagstream.live.LiveSettings;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Lateness: an event older than the task's event time minus the grace is not counted; it goes, with its
 * reason, to the dead-letter topic (error type {@value DeadLetters#LATE}) through the child named
 * {@link #lateEventsNode}, and is counted in {@code late-events-dropped-total}. The task's event time is its
 * {@link Watermark}, the least progress of the partitions and upstream tasks that feed it, so a backlog or a
 * feed read unevenly makes nothing late: timelines are purged by the same watermark; window stores keep
 * {@link Watermark#MAX_LAG} more than their window needs ({@link DetectorStores}), and their detectors judge
 * no more than that behind the highest event time, so nothing accepted is then dropped by the store. The watermark is kept in
 * memory: after a restart the first records are accepted, which only makes the detector more lenient, never
 * wrong.
 */
public abstract class DetectorProcessor<V> extends ContextualProcessor<String, V, String, FraudAlert> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final int LIVE_CHECK_SECONDS = 10;

    protected final String ruleId;
    protected final AllowList allowList;
    private final LiveSettings live;
    private final String episodesStore;
    private final Clock clock;
    /** Timeline store name → the deployed window its buckets are sized for; in declaration order. */
    private final Map<String, Duration> timelineWindows;
    private final Map<String, Timeline> timelines = new LinkedHashMap<>();
    private long purgeStepMs;
    private long purgedAt = Long.MIN_VALUE;
    private KeyValueStore<String, Episode> store;
    private AlertEpisodes episodes;
    private Sensor lateEvents;
    private final Watermark watermark = new Watermark();
    /** The live version the fields below were taken at. */
    private long liveVersion = -1;
    private DetectorSettings settings;
    private AlertSettings alertSettings;

    protected DetectorProcessor(String ruleId, DetectorInputs inputs) {
        this(ruleId, inputs, Map.of());
    }

    /**
     * For a "distinct things within W" rule kept as a {@link Timeline} in {@code timelineStore}, with buckets
     * sized for the deployed window; its state follows the {@link Watermark}.
     */
    protected DetectorProcessor(String ruleId, DetectorInputs inputs, String timelineStore, Duration deployedWindow) {
        this(ruleId, inputs, Map.of(timelineStore, deployedWindow));
    }

    /** For a rule with several windows, one {@link Timeline} each: store name → deployed window. */
    protected DetectorProcessor(String ruleId, DetectorInputs inputs, Map<String, Duration> timelineWindows) {
        this.ruleId = ruleId;
        this.live = inputs.live();
        this.allowList = inputs.allowList();
        this.episodesStore = DetectorStores.episodesStoreName(ruleId);
        this.clock = inputs.clock();
        this.timelineWindows = timelineWindows;
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        store = context.getStateStore(episodesStore);
        timelineWindows.forEach((name, window) ->
                timelines.put(name, new Timeline(context.getStateStore(name), Timeline.bucketWidth(window), Timeline.MAX_ITEMS)));
        purgeStepMs = timelines.values().stream().mapToLong(Timeline::bucketMs).min().orElse(Long.MAX_VALUE);
        alertSettings = null;
        // Closes cannot be forwarded from init: the first record or punctuation after start checks the
        // restored episodes against the allow-list (liveVersion is still unset).
        takeLiveSettings();
        context.schedule(Duration.ofSeconds(LIVE_CHECK_SECONDS), PunctuationType.WALL_CLOCK_TIME, now -> followLiveChanges());
        lateEvents = context.metrics().addRateTotalSensor("flagstream", ruleId, "late-events-dropped", Sensor.RecordingLevel.INFO);
        // Ended episodes are closed here: the close record goes down the same alert stream (same key, next
        // revision, status CLOSED), stamped with the task's event time.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            long eventTime = eventTime();
            if (eventTime != Long.MIN_VALUE) {
                episodes.closeEnded(eventTime, context);
                purge(eventTime - settings.grace().toMillis());
            }
        });
    }

    @Override
    public final void process(Record<String, V> record) {
        followLiveChanges();
        long t = record.timestamp();
        // Observed first: the record carries its task's watermark as of this record, which can be lower than the
        // one the previous record carried (an upstream task heard from again); judging by the older one would
        // make this record late for no reason.
        watermark.observe(t, record.headers(), context().recordMetadata()
                .map(m -> m.topic() + "-" + m.partition()).orElse(null), context().currentSystemTimeMs());
        long eventTime = eventTime();
        if (eventTime != Long.MIN_VALUE && t < eventTime - settings.grace().toMillis()) {
            lateEvents.record();
            late(record, eventTime);
            return;
        }
        if (settings.enabled()) {
            detect(record);
        }
        purgeAsEventTimeMoves();
    }

    /**
     * Purges the timelines each time the event time has moved on by a bucket, so their state follows event time
     * (as a window store's segments do) in a replay or a backlog too, not only every {@code PURGE_INTERVAL} of
     * wall clock. A purge costs what it deletes.
     */
    private void purgeAsEventTimeMoves() {
        if (timelines.isEmpty()) {
            return;
        }
        long eventTime = eventTime();
        if (eventTime == Long.MIN_VALUE) {
            return;
        }
        long oldestOnTime = eventTime - settings.grace().toMillis();
        if (purgedAt == Long.MIN_VALUE || oldestOnTime - purgedAt >= purgeStepMs) {
            purge(oldestOnTime);
        }
    }

    /** The name of the child that takes this detector's late events to the dead-letter topic. */
    public static String lateEventsNode(String ruleId) {
        return ruleId + "-late-events";
    }

    /** The event time lateness and episode ends are judged against ({@link Long#MIN_VALUE} before any record). */
    protected final long eventTime() {
        long watermarked = watermark.current(context().currentSystemTimeMs());
        if (keepsStateByWatermark() || watermarked == Long.MIN_VALUE) {
            return watermarked;
        }
        // Window stores expire what is older than their highest time minus retention, and keep only MAX_LAG
        // more than the rule needs: an event further behind would be accepted and then silently not stored.
        return Math.max(watermarked, watermark.highest() - Watermark.MAX_LAG);
    }

    /** Drops the timeline buckets, and the subclass's own state, that no on-time event (at {@code oldestOnTime} or later) can reach. */
    private void purge(long oldestOnTime) {
        timelines.forEach((name, timeline) -> timeline.purge(oldestOnTime - reachMs(name)));
        purgeBefore(oldestOnTime);
        purgedAt = oldestOnTime;
    }

    /**
     * True where this detector's state expires by the watermark (its timelines, or its own state purged in
     * {@link #purgeBefore}) rather than by a window store's retention: lateness is then judged by the watermark alone.
     */
    protected boolean keepsStateByWatermark() {
        return !timelines.isEmpty();
    }

    /**
     * Drops what a subclass keeps in its own stores that no on-time event (at {@code oldestOnTime} or later) can
     * reach; called every {@code PURGE_INTERVAL} of wall clock. Timelines are purged already.
     */
    protected void purgeBefore(long oldestOnTime) {
        // Nothing beyond the timelines by default.
    }

    /**
     * How far from an event a timeline's search looks: the window in force, or the deployed one if larger
     * (a live change may shorten it; buckets for the deployed one are then kept a little longer).
     */
    private long reachMs(String timelineStore) {
        return Math.max(timelineWindows.get(timelineStore).toMillis(), windowOf(timelineStore));
    }

    /** The window in force that a timeline serves: the detector's window unless a subclass has more than one. */
    protected long windowOf(String timelineStore) {
        return windowMs();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void late(Record<String, V> record, long eventTime) {
        String reason = "event time " + Instant.ofEpochMilli(record.timestamp()) + " is more than the grace ("
                + Durations.format(settings.grace()) + ") before " + ruleId + "'s event time "
                + Instant.ofEpochMilli(eventTime) + " (the least progress of the partitions and upstream tasks that feed it)"
                + "; its state no longer holds that time, so the event is not counted";
        byte[] value = String.valueOf(record.value()).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.of(context().recordMetadata().orElse(null), record.timestamp(), record.key(), value,
                DeadLetters.LATE, reason, clock.instant());
        // The late child is typed like the alert children; it takes only what is forwarded to it by name.
        context().forward((Record) record.withValue(letter), lateEventsNode(ruleId));
    }

    /** The on/off switch, window and grace in force. */
    protected final DetectorSettings settings() {
        return settings;
    }

    /** This detector's rule settings in force, e.g. {@code rule(SharedInstrumentSettings.DECLARATION).minAccounts()}. */
    protected final <S extends RuleSettings> S rule(DetectorDeclaration<S> declaration) {
        return live.detectors().of(declaration);
    }

    private void followLiveChanges() {
        long version = live.version();
        if (version == liveVersion) {
            return;
        }
        liveVersion = version;
        takeLiveSettings();
        for (FraudAlert close : episodes.closeWhere((type, id, last) -> allowList.entity(type, id)
                || last != null && !stillStands(last))) {
            long at = watermark.highest() != Long.MIN_VALUE ? watermark.highest() : close.getLastSeen().toEpochMilli();
            context().forward(new Record<>(close.getAlertId(), close, at));
        }
    }

    private void takeLiveSettings() {
        settings = live.detectors().common(ruleId);
        AlertSettings alerts = live.alerts();
        if (!alerts.equals(alertSettings)) {
            alertSettings = alerts;
            episodes = new AlertEpisodes(store, new AlertFactory(alerts.maxEvidence(), clock), alerts.suppression(),
                    context()::recordMetadata);
        }
    }

    /**
     * Whether an open alert still stands after a live change: true, unless the detector's alerts rest on live
     * entries that can be taken back (the watch-list's). One that no longer stands is closed at once.
     */
    protected boolean stillStands(FraudAlert lastAlert) {
        return true;
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
     * The "N distinct things within W" step: record the event as an occurrence of {@code item} under {@code key}
     * in this detector's {@link Timeline}, then pick the densest window around it (exact under out-of-order
     * arrival).
     */
    protected final EventWindow.Selection addAndSelect(String key, ObservedEvent event, long t,
                                                       Function<ObservedEvent, String> item) {
        return EventWindow.densest(addAndRead(key, event, t, item), t, windowMs(), item);
    }

    /**
     * The timeline step alone, for rules with their own window search over the returned events (A5): records
     * the event under {@code key} and returns what the timeline keeps of the key in [t − W, t + W].
     */
    protected final List<ObservedEvent> addAndRead(String key, ObservedEvent event, long t, Function<ObservedEvent, String> item) {
        return addAndRead(timelineWindows.keySet().iterator().next(), key, event, t, item);
    }

    /** {@link #addAndRead(String, ObservedEvent, long, Function)} on the named timeline, with its window in force. */
    protected final List<ObservedEvent> addAndRead(String timelineStore, String key, ObservedEvent event, long t,
                                                   Function<ObservedEvent, String> item) {
        return timelines.get(timelineStore).addAndRead(key, item.apply(event), event, t, windowOf(timelineStore));
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
