package io.flagstream.detect;

import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;

/**
 * When a pair was first seen (an account paying or linking an instrument, an account logging in from an IP),
 * remembered for a period: what tells an established payer or a regular of an address from a newcomer (A16, A2).
 * A window store of markers, a pair's marker rewritten at most once a day, so its entries stay bounded whatever
 * the pair's activity: memory ÷ one day per pair at most.
 */
public final class FirstSightings {
    private static final long REFRESH_MS = Duration.ofDays(1).toMillis();

    private final WindowStore<String, Long> markers;

    public FirstSightings(WindowStore<String, Long> markers) {
        this.markers = markers;
    }

    /**
     * Records a sighting of {@code pair} at {@code t} and returns the earliest one remembered within
     * {@code memory} before it (up to {@code grace} after, for events read out of order), this one excluded;
     * {@link Long#MAX_VALUE} when there is none.
     */
    public long firstBefore(String pair, long t, Duration memory, Duration grace) {
        long first = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        try (WindowStoreIterator<Long> marks = markers.fetch(pair, t - memory.toMillis(), t + grace.toMillis())) {
            while (marks.hasNext()) {
                long mark = marks.next().value;
                first = Math.min(first, mark);
                latest = Math.max(latest, mark);
            }
        }
        if (latest == Long.MIN_VALUE || t - latest >= REFRESH_MS) {
            markers.put(pair, t, t);
        }
        return first;
    }
}
