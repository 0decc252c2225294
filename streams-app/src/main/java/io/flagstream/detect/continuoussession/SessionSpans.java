package io.flagstream.detect.continuoussession;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSample;
import io.flagstream.state.SessionSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The session aggregate of A3: bounds, count, the latest event and a sample: the earliest event of each
 * {@code sampleMs} interval of event time (epoch-aligned, so an interval never moves), the earliest
 * {@link #MAX_SAMPLES} intervals at most. The evidence so shows the activity hour by hour and grows with the
 * session's length. Adding and merging are order-insensitive: sessions merged by an out-of-order event give
 * the same aggregate as in-order arrival.
 */
final class SessionSpans {
    static final int MAX_SAMPLES = 100;

    private SessionSpans() {
    }

    static SessionSpan of(ObservedEvent e) {
        SessionSample sample = sample(e);
        return new SessionSpan(e.getAccountId(), e.getTimestamp(), e.getTimestamp(), 1L, List.of(sample), sample);
    }

    static SessionSpan add(SessionSpan span, ObservedEvent e, long sampleMs) {
        return merge(span, of(e), sampleMs);
    }

    /** The union of two sessions of one account; either may be null (Kafka's initial aggregate). */
    static SessionSpan merge(SessionSpan a, SessionSpan b, long sampleMs) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        long start = Math.min(a.getStart(), b.getStart());
        List<SessionSample> all = new ArrayList<>(a.getSamples());
        all.addAll(b.getSamples());
        SessionSample last = LATEST_FIRST.compare(a.getLast(), b.getLast()) <= 0 ? a.getLast() : b.getLast();
        return new SessionSpan(a.getAccountId(), start, Math.max(a.getEnd(), b.getEnd()), a.getEvents() + b.getEvents(),
                resample(all, sampleMs), last);
    }

    static long lengthMs(SessionSpan span) {
        return span.getEnd() - span.getStart();
    }

    /** The samples and the latest event, oldest first, each event once. */
    static List<ObservedEvent> evidence(SessionSpan span) {
        LinkedHashMap<String, ObservedEvent> events = new LinkedHashMap<>();
        for (SessionSample s : span.getSamples()) {
            events.put(s.getEventId(), observed(span.getAccountId(), s));
        }
        events.putIfAbsent(span.getLast().getEventId(), observed(span.getAccountId(), span.getLast()));
        return List.copyOf(events.values());
    }

    private static List<SessionSample> resample(List<SessionSample> samples, long sampleMs) {
        samples.sort(OLDEST_FIRST);
        List<SessionSample> kept = new ArrayList<>();
        long lastBucket = Long.MIN_VALUE;
        for (SessionSample s : samples) {
            long bucket = Math.floorDiv(s.getTimestamp(), sampleMs);
            if (bucket != lastBucket) {
                kept.add(s);
                lastBucket = bucket;
                if (kept.size() == MAX_SAMPLES) {
                    break;
                }
            }
        }
        return kept;
    }

    private static final Comparator<SessionSample> OLDEST_FIRST =
            Comparator.comparingLong(SessionSample::getTimestamp).thenComparing(SessionSample::getEventId);
    private static final Comparator<SessionSample> LATEST_FIRST = OLDEST_FIRST.reversed();

    private static SessionSample sample(ObservedEvent e) {
        return new SessionSample(e.getEventId(), e.getSource(), e.getTimestamp(), new LinkedHashMap<>(e.getFacts()));
    }

    private static ObservedEvent observed(String account, SessionSample s) {
        return new ObservedEvent(s.getEventId(), s.getSource(), account, s.getTimestamp(), "session",
                new LinkedHashMap<>(s.getFacts()));
    }
}
