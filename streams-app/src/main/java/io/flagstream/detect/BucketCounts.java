package io.flagstream.detect;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters per (entity, counter, time bucket) in a window store, for rules that need shares or counts over
 * a long window but not every event: an active account costs one entry per counter and bucket, not one per
 * event. Keys are {@code <entity>|<counter>}; counter names must not contain '|'. The store is a
 * {@link DetectorStores#lastSeen} store (one value per key and time, overwritten), with retention of the
 * window plus grace plus one bucket.
 */
public final class BucketCounts {
    private final WindowStore<String, Long> store;
    private final long bucketMs;

    public BucketCounts(WindowStore<String, Long> store, long bucketMs) {
        this.store = store;
        this.bucketMs = bucketMs;
    }

    /** Start of the bucket holding {@code t}. */
    public long bucket(long t) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    /** Adds one to the counter's bucket holding {@code t}; returns the count before. */
    public long increment(String entity, String counter, long t) {
        String key = entity + "|" + counter;
        long bucket = bucket(t);
        Long before = store.fetch(key, bucket);
        long count = before == null ? 0 : before;
        store.put(key, count + 1, bucket);
        return count;
    }

    /** Every counter of {@code entity} summed over the buckets starting in [from, to], by counter name. */
    public Map<String, Long> sums(String entity, long from, long to) {
        Map<String, Long> sums = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, Long> it = range(entity, from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> kv = it.next();
                String counter = counterOf(entity, kv.key.key());
                if (counter != null) {
                    sums.merge(counter, kv.value, Long::sum);
                }
            }
        }
        return sums;
    }

    /** The latest bucket start of any counter of {@code entity} in [from, to], or {@code fallback}. */
    public long latestBucket(String entity, long from, long to, long fallback) {
        long latest = fallback;
        try (KeyValueIterator<Windowed<String>, Long> it = range(entity, from, to)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> kv = it.next();
                if (counterOf(entity, kv.key.key()) != null) {
                    latest = Math.max(latest, kv.key.window().start());
                }
            }
        }
        return latest;
    }

    /** One counter summed over the buckets starting in [from, to]. */
    public long sum(String entity, String counter, long from, long to) {
        long sum = 0;
        try (WindowStoreIterator<Long> it = store.fetch(entity + "|" + counter, from, to)) {
            while (it.hasNext()) {
                sum += it.next().value;
            }
        }
        return sum;
    }

    private KeyValueIterator<Windowed<String>, Long> range(String entity, long from, long to) {
        // '|' sorts just before '}', so [entity|, entity}] holds exactly this entity's keys (and those of
        // entities whose id continues with '|', which counterOf drops).
        return store.fetch(entity + "|", entity + "}", from, to);
    }

    private static String counterOf(String entity, String key) {
        if (!key.startsWith(entity + "|")) {
            return null;
        }
        String counter = key.substring(entity.length() + 1);
        return counter.indexOf('|') >= 0 ? null : counter;
    }
}
