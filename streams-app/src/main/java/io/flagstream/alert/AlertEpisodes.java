package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.serde.DecodedCache;
import io.flagstream.state.Episode;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One alert per (rule, entity, episode). A detection within {@code suppression} (event time) of the
 * entity's last detection belongs to the open episode: it raises no new alert, and updates the alert (same
 * id, next revision) only when new accounts join ({@link GrowthRevisions}: each while it lists at most 8, then at
 * every power of two, up to {@value #MAX_ACCOUNTS}) or the evidence has doubled since the last revision, so an
 * active entity produces O(log n) updates, never a flood.
 * Each detector owns one store of these.
 *
 * <p>An episode ends when its entity has had no detection for {@code suppression} (give or take one step of
 * suppression/{@value #END_STEPS}, see {@code endStepMs}): {@link #purge} forgets it and returns its close, the last revision emitted repeated with the next revision and status {@code CLOSED}.
 *
 * <p><b>At-least-once.</b> The episode (a store write, hence a changelog record) and its alert go to Kafka as two
 * records; a crash can leave the episode written and the alert not. The input since the last commit is then
 * processed again, and the replayed detection would be suppressed by its own episode: the alert lost. So the episode
 * remembers the input record that raised its last alert, and when exactly that record comes again to a new
 * incarnation of the task (not the same record admitted twice by this one) the last alert is sent again: at-least-once may write an alert twice (same id and revision), never lose it. Under exactly-once
 * the episode and the alert commit together and the record is never seen twice.
 */
public final class AlertEpisodes {
    /** Accounts kept per episode: enough for any reviewer, bounded for a wallet that thousands pay into. */
    static final int MAX_ACCOUNTS = 1000;
    static final int END_STEPS = 64;
    /** Decoded episodes kept: a hub's open episode is read and rewritten on each of its detections. */
    private static final int CACHED_EPISODES = 64;

    private final KeyValueStore<String, Episode> store;
    private final DecodedCache<Episode> episodes;
    private final AlertFactory factory;
    private final long suppressionMs;
    /**
     * How far a suppressed detection must be past the episode's recorded last detection to move it: an episode
     * ends between suppression − suppression/{@value #END_STEPS} and suppression after its last detection. A hub
     * detected every minute rewrote its episode (and its last alert, up to 64 KiB) every minute; now once per step.
     */
    private final long endStepMs;
    private final Supplier<Optional<RecordMetadata>> source;
    /** The input record this incarnation admitted last: seeing it again here is no replay. */
    private String seenSource;
    private long seenOffset = -1;

    /** Without the input's position (tests of the rule alone): a replayed detection is suppressed like any other. */
    public AlertEpisodes(KeyValueStore<String, Episode> store, AlertFactory factory, Duration suppression) {
        this(store, factory, suppression, Optional::empty);
    }

    /** @param source the position of the input record being processed ({@code context::recordMetadata}) */
    public AlertEpisodes(KeyValueStore<String, Episode> store, AlertFactory factory, Duration suppression,
                         Supplier<Optional<RecordMetadata>> source) {
        this.store = store;
        this.episodes = new DecodedCache<>(store, CACHED_EPISODES);
        this.factory = factory;
        this.suppressionMs = suppression.toMillis();
        this.endStepMs = suppressionMs / END_STEPS;
        this.source = source;
    }

    /** The alert to emit for this detection, or null when it is suppressed inside the open episode. */
    public FraudAlert admit(AlertDraft draft) {
        return admit(draft, false);
    }

    /**
     * As {@link #admit(AlertDraft)}; with {@code changed} an open episode is always updated (next revision),
     * for findings that summarise other alerts and must show every new one (risk, clusters).
     */
    public FraudAlert admit(AlertDraft draft, boolean changed) {
        return admit(draft, changed, true);
    }

    /**
     * For findings that decide themselves when a revision is due (linked-account clusters rate-limit theirs, a hub
     * is reported once): inside the open episode a revision is emitted exactly when {@code revise} is true, whatever
     * accounts or evidence the draft adds; otherwise the episode is only kept open. A new episode is always emitted.
     */
    public FraudAlert admitRevisingOnly(AlertDraft draft, boolean revise) {
        return admit(draft, revise, false);
    }

    private FraudAlert admit(AlertDraft draft, boolean changed, boolean growthRevises) {
        String key = draft.entityType() + ":" + draft.entityId();
        Episode open = episodes.get(key);
        // A punctuator's context has no input record (no topic, offset -1): such a detection has no position to replay.
        Optional<RecordMetadata> input = source.get().filter(m -> m.topic() != null && m.offset() >= 0);
        try {
            return admit(draft, changed, growthRevises, key, open, input);
        } catch (RuntimeException e) {
            episodes.clear(); // the cached episode may hold a change the store does not
            throw e;
        } finally {
            input.ifPresent(this::see);
        }
    }

    private FraudAlert admit(AlertDraft draft, boolean changed, boolean growthRevises, String key, Episode open,
                             Optional<RecordMetadata> input) {
        long last = draft.lastSeen();
        if (open != null && last - open.getLastFired() <= suppressionMs && open.getEpisodeStart() - last <= suppressionMs) {
            if (open.getLastAlert() != null && input.isPresent() && raisedLastAlert(open, input.get()) && !seenHere(input.get())) {
                return open.getLastAlert(); // a replay after a crash: the alert may not have been written
            }
            long fired = Math.max(open.getLastFired(), last);
            boolean keepsAccounts = keepsSame(open.getAccounts(), draft.accounts());
            List<String> kept = keepsAccounts ? open.getAccounts() : merged(open.getAccounts(), draft.accounts());
            int reported = open.getLastAlert() == null ? open.getAccounts().size() : open.getLastAlert().getAccounts().size();
            boolean accountsGrew = GrowthRevisions.due(reported, kept.size());
            boolean evidenceDoubled = draft.events().size() >= 2 * open.getEvidenceCount();
            if (!changed && !(growthRevises && (accountsGrew || evidenceDoubled))) {
                // Suppressed: the episode's end moves, in steps, so a hub's episode is not rewritten per detection.
                boolean endMoved = fired - open.getLastFired() >= endStepMs;
                if (endMoved || !keepsAccounts) {
                    if (endMoved) {
                        open.setLastFired(fired);
                    }
                    open.setAccounts(kept); // remembered, so growth adds up to the next revision
                    episodes.put(key, open);
                }
                return null;
            }
            open.setLastFired(fired);
            open.setRevision(open.getRevision() + 1);
            open.setAccounts(kept);
            open.setEvidenceCount(Math.max(open.getEvidenceCount(), draft.events().size()));
            FraudAlert alert = factory.create(draft, open.getAlertId(), open.getRevision(), kept);
            open.setLastAlert(alert);
            rememberSource(open, input);
            episodes.put(key, open);
            return alert;
        }
        long start = draft.firstSeen();
        String alertId = AlertFactory.alertId(draft.ruleId(), draft.entityType(), draft.entityId(), start);
        List<String> accounts = cap(new TreeSet<>(draft.accounts()));
        FraudAlert alert = factory.create(draft, alertId, 0, accounts);
        Episode episode = new Episode(alertId, 0, start, last, accounts, draft.events().size(), alert, null, -1L);
        rememberSource(episode, input);
        episodes.put(key, episode);
        return alert;
    }

    /**
     * Purges ended episodes and forwards each one's close down the same alert stream (same key, next revision,
     * status CLOSED), stamped with {@code eventTime}: how every detector and finding ends an episode.
     */
    public void closeEnded(long eventTime, ProcessorContext<String, ? super FraudAlert> context) {
        for (FraudAlert close : purge(eventTime)) {
            context.forward(new Record<>(close.getAlertId(), close, eventTime));
        }
    }

    /**
     * Forgets episodes that ended more than the suppression period before {@code eventTime} and returns their
     * closes, in store-key order. An episode written before episodes kept their last alert ends without a close.
     */
    public List<FraudAlert> purge(long eventTime) {
        List<String> ended = new ArrayList<>();
        List<FraudAlert> closes = new ArrayList<>();
        try (KeyValueIterator<String, Episode> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Episode> kv = all.next();
                if (eventTime - kv.value.getLastFired() > suppressionMs) {
                    ended.add(kv.key);
                    if (kv.value.getLastAlert() != null) {
                        closes.add(factory.close(kv.value.getLastAlert(), kv.value.getRevision() + 1));
                    }
                }
            }
        }
        ended.forEach(episodes::delete);
        return closes;
    }

    /** Which open episodes end now: given the entity and the episode's last alert (null in episodes of old releases). */
    @FunctionalInterface
    public interface Ending {
        boolean test(String entityType, String entityId, FraudAlert lastAlert);
    }

    /**
     * Forgets the open episodes that {@code ending} picks and returns their closes, as {@link #purge} does for
     * ended ones: for an entity allow-listed while its alert was open, or an alert whose watch-list entries were removed.
     */
    public List<FraudAlert> closeWhere(Ending ending) {
        List<String> closed = new ArrayList<>();
        List<FraudAlert> closes = new ArrayList<>();
        try (KeyValueIterator<String, Episode> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Episode> kv = all.next();
                int colon = kv.key.indexOf(':');
                if (colon > 0 && ending.test(kv.key.substring(0, colon), kv.key.substring(colon + 1), kv.value.getLastAlert())) {
                    closed.add(kv.key);
                    if (kv.value.getLastAlert() != null) {
                        closes.add(factory.close(kv.value.getLastAlert(), kv.value.getRevision() + 1));
                    }
                }
            }
        }
        closed.forEach(episodes::delete);
        return closes;
    }

    private static boolean raisedLastAlert(Episode open, RecordMetadata input) {
        return open.getLastAlertOffset() == input.offset() && position(input).equals(open.getLastAlertSource());
    }

    private boolean seenHere(RecordMetadata input) {
        return seenOffset == input.offset() && position(input).equals(seenSource);
    }

    private void see(RecordMetadata input) {
        seenSource = position(input);
        seenOffset = input.offset();
    }

    private static void rememberSource(Episode episode, Optional<RecordMetadata> input) {
        episode.setLastAlertSource(input.map(AlertEpisodes::position).orElse(null));
        episode.setLastAlertOffset(input.map(RecordMetadata::offset).orElse(-1L));
    }

    private static String position(RecordMetadata input) {
        return input.topic() + "-" + input.partition();
    }

    /**
     * Whether merging {@code added} into {@code kept} (sorted and capped, as {@link #cap} leaves it) would keep the
     * same list: every added account is kept already, or sorts after a full list. A hub's episode sees the same
     * or further accounts on each detection, and merging them anew cost a sort of up to {@value #MAX_ACCOUNTS}.
     */
    private static boolean keepsSame(List<String> kept, Collection<String> added) {
        for (String account : added) {
            int at = Collections.binarySearch(kept, account);
            if (at < 0 && (kept.size() < MAX_ACCOUNTS || -at - 1 < kept.size())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> merged(List<String> kept, Collection<String> added) {
        TreeSet<String> accounts = new TreeSet<>(kept);
        accounts.addAll(added);
        return cap(accounts);
    }

    private static List<String> cap(TreeSet<String> accounts) {
        List<String> list = new ArrayList<>(accounts);
        return list.size() <= MAX_ACCOUNTS ? list : list.subList(0, MAX_ACCOUNTS);
    }
}
