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
    /**
     * Sessions an account keeps: its open ones are those that ended within grace + maxGap (a day and a half by
     * default), at most one per maxGap of activity, so this bounds a hot account without touching an ordinary one.
     */
    static final int MAX_SESSIONS = 64;

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

    /** An account's sessions after an event, oldest first, and the one that holds the event. */
    record Joined(List<SessionSpan> sessions, SessionSpan session) {
    }

    /**
     * An account's sessions after event {@code e}: the sessions within {@code maxGap} of it merged with it into one
     * (it may bridge two); of the others, those that ended at {@code reachableFrom} or later, the latest
     * {@link #MAX_SESSIONS} − 1.
     */
    static Joined join(List<SessionSpan> sessions, ObservedEvent e, long maxGap, long reachableFrom, long sampleMs) {
        long t = e.getTimestamp();
        SessionSpan joined = of(e);
        List<SessionSpan> others = new ArrayList<>();
        for (SessionSpan s : sessions) {
            if (s.getStart() - maxGap <= t && t <= s.getEnd() + maxGap) {
                joined = merge(joined, s, sampleMs);
            } else if (s.getEnd() >= reachableFrom) {
                others.add(s);
            }
        }
        List<SessionSpan> kept = new ArrayList<>(others.subList(Math.max(0, others.size() - (MAX_SESSIONS - 1)), others.size()));
        kept.add(joined);
        kept.sort(Comparator.comparingLong(SessionSpan::getStart));
        return new Joined(kept, joined);
    }

    /** The sessions that ended at {@code reachableFrom} or later. */
    static List<SessionSpan> reachable(List<SessionSpan> sessions, long reachableFrom) {
        return sessions.stream().filter(s -> s.getEnd() >= reachableFrom).toList();
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
