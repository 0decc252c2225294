package io.flagstream.detect.continuoussession;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.serde.DecodedCache;
import io.flagstream.state.AccountSessions;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSample;
import io.flagstream.state.SessionSamples;
import io.flagstream.state.SessionSpan;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Activity events keyed by account. Each event joins the account's sessions within {@code maxGap} of it (merging
 * them if it bridges two) or starts one; a session at least W long becomes a draft, and the episode store makes one
 * alert of a whole session (updated when the session, and so its evidence, doubles). Two stores: the account's
 * session bounds (small, rewritten per event) and each session's sample events (rewritten only when the sample
 * changes), so the changelog carries a few dozen bytes for most events, not every open session's evidence.
 */
final class ContinuousSessionProcessor extends DetectorProcessor<ObservedEvent> {
    private static final double HOUR_MS = Duration.ofHours(1).toMillis();

    /**
     * Decoded sessions and samples kept per processor: a hot account's session is read on every event, and once it
     * is W long its samples (up to {@value SessionSpans#MAX_SAMPLES} events) are read for every draft; decoding them
     * again each time was 45 % of the time in the adversarial hot-account phase.
     */
    static final int CACHED_ACCOUNTS = 16;

    private KeyValueStore<String, AccountSessions> sessionStore;
    private DecodedCache<AccountSessions> sessions;
    private DecodedCache<SessionSamples> samples;

    ContinuousSessionProcessor(DetectorInputs inputs) {
        super(ContinuousSessionDetector.ID, inputs);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        sessionStore = context.getStateStore(ContinuousSessionDetector.SESSIONS_STORE);
        sessions = new DecodedCache<>(sessionStore, CACHED_ACCOUNTS);
        samples = new DecodedCache<>(context.getStateStore(ContinuousSessionDetector.SAMPLES_STORE), CACHED_ACCOUNTS);
    }

    private ContinuousSessionSettings config() {
        return rule(ContinuousSessionSettings.DECLARATION);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        AccountSessions stored = sessions.get(account);
        long sampleMs = ContinuousSessionDetector.sampleMs(config());
        SessionSpans.Joined joined = SessionSpans.join(stored == null ? List.of() : stored.getSessions(),
                event.getTimestamp(), config().maxGap().toMillis(), reachableFrom(), sampleMs);
        sessions.put(account, new AccountSessions(joined.sessions()));
        joined.dropped().forEach(dropped -> samples.delete(samplesKey(account, dropped)));
        SessionSpan span = joined.session();
        List<SessionSample> sampled = joined.samplesChanged(event.getTimestamp())
                ? resample(account, joined, event, sampleMs) : null;
        if (SessionSpans.lengthMs(span) >= windowMs()) {
            if (sampled == null) {
                SessionSamples kept = samples.get(samplesKey(account, span));
                sampled = kept == null ? List.of() : kept.getSamples();
            }
            emit(draft(account, span, SessionSpans.evidence(account, sampled, event)), span.getEnd());
        }
    }

    /** The joined session's new sample events, stored under its (possibly new) start; merged sessions' go. */
    private List<SessionSample> resample(String account, SessionSpans.Joined joined, ObservedEvent event, long sampleMs) {
        List<SessionSample> sampled = SessionSpans.samplesAfter(joined, event, absorbed -> {
            SessionSamples kept = samples.get(samplesKey(account, absorbed));
            return kept == null ? List.of() : kept.getSamples();
        }, sampleMs);
        String key = samplesKey(account, joined.session());
        joined.absorbed().stream().map(absorbed -> samplesKey(account, absorbed)).filter(k -> !k.equals(key))
                .forEach(samples::delete);
        samples.put(key, new SessionSamples(sampled));
        return sampled;
    }

    /** A session's samples are keyed by account and start; the start, after the last '@', makes the key unique. */
    static String samplesKey(String account, SessionSpan session) {
        return account + "@" + session.getStart();
    }

    @Override
    protected boolean keepsStateByWatermark() {
        return true;
    }

    /** Accounts whose sessions all ended out of reach of an on-time event keep nothing. */
    @Override
    protected void purgeBefore(long oldestOnTime) {
        long reachable = oldestOnTime - config().maxGap().toMillis();
        List<KeyValue<String, AccountSessions>> changes = new ArrayList<>();
        List<String> droppedSamples = new ArrayList<>();
        try (KeyValueIterator<String, AccountSessions> all = sessionStore.all()) {
            all.forEachRemaining(entry -> {
                SessionSpans.Reach reach = SessionSpans.reach(entry.value.getSessions(), reachable);
                if (!reach.unreachable().isEmpty()) {
                    List<SessionSpan> kept = reach.reachable();
                    changes.add(KeyValue.pair(entry.key, kept.isEmpty() ? null : new AccountSessions(kept)));
                    reach.unreachable().forEach(s -> droppedSamples.add(samplesKey(entry.key, s)));
                }
            });
        }
        // Through the caches, so that they drop what the stores drop.
        changes.forEach(change -> {
            if (change.value == null) {
                sessions.delete(change.key);
            } else {
                sessions.put(change.key, change.value);
            }
        });
        droppedSamples.forEach(samples::delete);
    }

    /** The earliest session end an on-time event can still join: the watermark less grace and the maximum gap. */
    private long reachableFrom() {
        long eventTime = eventTime();
        return eventTime == Long.MIN_VALUE ? Long.MIN_VALUE : eventTime - settings().grace().toMillis() - config().maxGap().toMillis();
    }

    private AlertDraft draft(String account, SessionSpan span, List<ObservedEvent> evidence) {
        long length = SessionSpans.lengthMs(span);
        return new AlertDraft(ruleId, Indicator.A3,
                "Account active without a break for a day or more",
                "Account " + account + " was active for " + String.format(Locale.ROOT, "%.1f h", length / HOUR_MS)
                        + " without a gap longer than " + Durations.format(config().maxGap()) + " (" + span.getEvents()
                        + " events, threshold " + Durations.format(settings().window()) + ").",
                length >= 2 * windowMs() ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                evidence,
                List.of(AlertDraft.threshold("session-hours", windowMs() / HOUR_MS, length / HOUR_MS)),
                Map.of("window", Durations.format(settings().window()), "max-gap", Durations.format(config().maxGap()),
                        "grace", Durations.format(settings().grace()),
                        "sample-interval", Durations.format(Duration.ofMillis(ContinuousSessionDetector.sampleMs(config())))),
                span.getStart(), span.getEnd());
    }
}
