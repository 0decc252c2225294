package io.flagstream.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The replay's "now": the highest event time replayed so far. Deterministic (same input, same
 * {@code detectedAt}), and no replayed event is ever in its future, so the topology's future-event check
 * never rejects recorded history.
 */
final class ReplayClock extends Clock {
    private long millis;

    void advanceTo(long eventTime) {
        millis = Math.max(millis, eventTime);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
