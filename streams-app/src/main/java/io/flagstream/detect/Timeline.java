package io.flagstream.detect;

import io.flagstream.serde.DecodedCache;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.TimelineBucket;
import io.flagstream.state.TimelineItem;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Incremental per-key state for the "N distinct things within any window W" rules (A2, A14, A16, A17): instead
 * of logging every event and scanning a key's events around each new one, a key keeps one
 * {@link TimelineBucket} per time bucket of width {@code W / }{@value #BUCKETS_PER_WINDOW}, holding one entry
 * per distinct item (first and last occurrence, a count). An event reads the key's buckets in [t − W, t + W]
 * and rewrites one, so its cost depends on the distinct items per bucket (capped), not on how many events the
 * key has seen.
 *
 * <p><b>Exact.</b> An item's first and last occurrence in a bucket are less than the bucket width, hence less
 * than W, apart; so a window [s, s + W] that holds any occurrence of the item holds the first or the last one
 * of that bucket. The kept occurrences therefore give every window the same distinct items as the raw events,
 * and a densest-window search over them ({@link EventWindow#densest}) finds the same count, in or out of
 * order ({@code TimelinePropertyTest}); the maximum is reached at a kept occurrence, because moving a window's
 * start forward to the next kept occurrence loses no item. Evidence is the kept occurrences in the window (at
 * most two per item and bucket).
 *
 * <p><b>Bounded.</b> A bucket keeps at most {@code maxItems} distinct items; further new items change nothing
 * and the bucket is not rewritten. While no bucket in reach is full the count is exact; once one is, the key
 * already shows at least {@code maxItems} distinct items in that bucket, which is kept at or above every threshold.
 *
 * <p><b>Time.</b> Buckets are kept until {@link #purge} removes those that no on-time event can reach any
 * more; the caller decides from its watermark, so a key's state does not expire because another partition
 * ran ahead. Keys are {@code <key>|<bucket start as 16 hex digits>}, so a key's buckets are one range; an
 * expiry index in the same store lists the buckets oldest first.
 */
public final class Timeline {
    /**
     * Two, not more: a key's state and the buckets an event reads grow with the buckets per window, and one
     * bucket per window would already be exact. Two lets a live override halve the window and stay exact
     * (a bucket must not be wider than the window in force); {@code ConfigLoader.withOverrides} refuses lower.
     */
    static final int BUCKETS_PER_WINDOW = 2;
    private static final char SEPARATOR = '|';
    private static final int TIME_DIGITS = 16;
    private static final String EXPIRY_PREFIX = "\u0000";
    private static final TimelineBucket EMPTY = new TimelineBucket(List.of());

    /** Distinct items a bucket keeps: above every default threshold, and small enough that a hub stays cheap. */
    public static final int MAX_ITEMS = 32;
    /**
     * Decoded buckets kept per processor: a hot key's buckets in reach (five at most) and the few keys in between;
     * at most {@value} × a full bucket (32 items, two events each, ≈ 40 KiB decoded) per timeline and task.
     */
    static final int CACHED_BUCKETS = 32;

    private final KeyValueStore<String, TimelineBucket> store;
    private final DecodedCache<TimelineBucket> buckets;
    private final long bucketMs;
    private final int maxItems;

    /**
     * @param bucketMs from {@link #bucketWidth} of the deployed window (bucket keys depend on it); counts stay
     *                 exact for any window in force of at least this
     */
    public Timeline(KeyValueStore<String, TimelineBucket> store, long bucketMs, int maxItems) {
        this.store = store;
        this.buckets = new DecodedCache<>(store, CACHED_BUCKETS);
        this.bucketMs = bucketMs;
        this.maxItems = maxItems;
    }

    public long bucketMs() {
        return bucketMs;
    }

    public static long bucketWidth(Duration window) {
        return Math.max(1, window.toMillis() / BUCKETS_PER_WINDOW);
    }

    /**
     * Records {@code event} (at {@code t}) as an occurrence of {@code item} under {@code key}, then returns the
     * key's kept occurrences in [t − W, t + W], oldest first, the new event among them. Any "most distinct
     * items in a window of W containing t" rule (such as {@link EventWindow#densest}) finds the same count on
     * them as on every raw event: a window meets an item's occurrences exactly when it holds a kept one.
     */
    public List<ObservedEvent> addAndRead(String key, String item, ObservedEvent event, long t, long windowMs) {
        long bucket = Math.floorDiv(t, bucketMs) * bucketMs;
        String bucketKey = key(key, bucket);
        TimelineBucket current = buckets.get(bucketKey);
        if (current == null) {
            current = new TimelineBucket(new ArrayList<>());
            store.put(expiryKey(bucket, key), EMPTY);
        }
        boolean kept;
        try {
            kept = add(current, item, event, t);
            if (kept) { // else the bucket is as it was: a hub's full bucket is not rewritten for each new payer
                buckets.put(bucketKey, current);
            }
        } catch (RuntimeException e) {
            buckets.clear(); // the cached bucket may hold a change the store does not
            throw e;
        }
        List<ObservedEvent> events = read(key, t - windowMs, t + windowMs);
        if (!kept) {
            events.add(event); // between its item's first and last in the bucket, or past the cap: not kept, yet in the window
        }
        events.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).thenComparing(ObservedEvent::getEventId));
        return events;
    }

    /**
     * Deletes every bucket that ends at or before {@code before}; returns how many. It walks the expiry index
     * from its oldest entry and stops at the first one still needed, so it costs what it deletes, not the
     * store's size.
     */
    public int purge(long before) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, TimelineBucket> it = store.range(EXPIRY_PREFIX, expiryKey(Math.max(0, before - bucketMs + 1), ""))) {
            while (it.hasNext()) {
                expired.add(it.next().key);
            }
        }
        for (String entry : expired) {
            long start = Long.parseUnsignedLong(entry, EXPIRY_PREFIX.length(), EXPIRY_PREFIX.length() + TIME_DIGITS, 16);
            buckets.delete(key(entry.substring(EXPIRY_PREFIX.length() + TIME_DIGITS + 1), start));
            store.delete(entry);
        }
        return expired.size();
    }

    /**
     * Adds the occurrence to the bucket; true when the event itself is kept (as its item's first or last), which
     * is exactly when the bucket changed.
     */
    private boolean add(TimelineBucket bucket, String item, ObservedEvent event, long t) {
        for (TimelineItem entry : bucket.getItems()) {
            if (entry.getItem().equals(item)) {
                if (t < entry.getFirst().getTimestamp()) {
                    if (entry.getLast() == null) {
                        entry.setLast(entry.getFirst());
                    }
                    entry.setFirst(event);
                    return true;
                }
                if (t >= last(entry).getTimestamp() && t != entry.getFirst().getTimestamp()) {
                    entry.setLast(event);
                    return true;
                }
                return false;
            }
        }
        if (bucket.getItems().size() >= maxItems) {
            return false;
        }
        bucket.getItems().add(new TimelineItem(item, event, null));
        return true;
    }

    /** One get per bucket in reach (five at most), so a hot key's buckets come decoded from the cache. */
    private List<ObservedEvent> read(String key, long from, long to) {
        List<ObservedEvent> events = new ArrayList<>();
        for (long bucket = Math.max(0, Math.floorDiv(from, bucketMs) * bucketMs); bucket <= to; bucket += bucketMs) {
            TimelineBucket kept = buckets.get(key(key, bucket));
            if (kept == null) {
                continue;
            }
            for (TimelineItem entry : kept.getItems()) {
                events.add(entry.getFirst());
                if (entry.getLast() != null) {
                    events.add(entry.getLast());
                }
            }
        }
        return events;
    }

    private static ObservedEvent last(TimelineItem entry) {
        return entry.getLast() == null ? entry.getFirst() : entry.getLast();
    }

    /**
     * The expiry index lives in the same store, under a prefix no key starts with: one empty entry per bucket,
     * {@code \0<bucket start, 16 hex digits>|<key>}, so buckets can be purged oldest first.
     */
    private static String expiryKey(long bucketStart, String key) {
        StringBuilder b = new StringBuilder(EXPIRY_PREFIX.length() + TIME_DIGITS + 1 + key.length()).append(EXPIRY_PREFIX);
        appendHex(b, bucketStart);
        return b.append(SEPARATOR).append(key).toString();
    }

    static String key(String key, long bucketStart) {
        StringBuilder b = new StringBuilder(key.length() + 1 + TIME_DIGITS).append(key).append(SEPARATOR);
        appendHex(b, bucketStart);
        return b.toString();
    }

    private static void appendHex(StringBuilder b, long value) {
        String hex = Long.toHexString(value);
        for (int i = hex.length(); i < TIME_DIGITS; i++) {
            b.append('0');
        }
        b.append(hex);
    }
}
