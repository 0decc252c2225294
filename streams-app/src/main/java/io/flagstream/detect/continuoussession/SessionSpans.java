package io.flagstream.detect.continuoussession;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSample;
import io.flagstream.state.SessionSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The session aggregate of A3 in two parts. The {@link SessionSpan}: bounds, count and the times of its samples,
 * rewritten on every event. The samples: the earliest event of each {@code sampleMs} interval of event time
 * (epoch-aligned, so an interval never moves), the earliest {@link #MAX_SAMPLES} intervals at most, so the evidence
 * shows the activity hour by hour and grows with the session's length. The sample events are kept apart and
 * rewritten only when an event changes the sample (a new interval, an earlier event in one, a merge): most events of
 * a session change only its bounds. Adding and merging are order-insensitive: sessions merged by an out-of-order
 * event give the same aggregate as in-order arrival.
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

    static SessionSpan of(long time) {
        return new SessionSpan(time, time, 1L, List.of(time));
    }

    /** The union of two sessions of one account. */
    static SessionSpan merge(SessionSpan a, SessionSpan b, long sampleMs) {
        TreeSet<Long> times = new TreeSet<>(a.getSampleTimes());
        times.addAll(b.getSampleTimes());
        return new SessionSpan(Math.min(a.getStart(), b.getStart()), Math.max(a.getEnd(), b.getEnd()),
                a.getEvents() + b.getEvents(), earliestPerInterval(times, Long::longValue, sampleMs));
    }

    /**
     * An account's sessions after an event, oldest first; the one that holds the event; the earlier sessions merged
     * into it; and the sessions dropped (out of reach, or over {@link #MAX_SESSIONS}).
     */
    record Joined(List<SessionSpan> sessions, SessionSpan session, List<SessionSpan> absorbed, List<SessionSpan> dropped) {
        /**
         * Whether the event changed the session's sample events: it is a sample now, or sessions were merged or
         * re-keyed (a new session holds only the event, so it is its own sample).
         */
        boolean samplesChanged(long eventTime) {
            return absorbed.size() != 1 || absorbed.get(0).getStart() != session.getStart()
                    || session.getSampleTimes().contains(eventTime);
        }
    }

    /**
     * An account's sessions after an event at {@code time}: the sessions within {@code maxGap} of it merged with it
     * into one (it may bridge two); of the others, those that ended at {@code reachableFrom} or later, the latest
     * {@link #MAX_SESSIONS} − 1.
     */
    static Joined join(List<SessionSpan> sessions, long time, long maxGap, long reachableFrom, long sampleMs) {
        SessionSpan joined = of(time);
        List<SessionSpan> absorbed = new ArrayList<>();
        List<SessionSpan> others = new ArrayList<>();
        List<SessionSpan> dropped = new ArrayList<>();
        for (SessionSpan s : sessions) {
            if (s.getStart() - maxGap <= time && time <= s.getEnd() + maxGap) {
                joined = merge(joined, s, sampleMs);
                absorbed.add(s);
            } else if (s.getEnd() >= reachableFrom) {
                others.add(s);
            } else {
                dropped.add(s);
            }
        }
        int over = Math.max(0, others.size() - (MAX_SESSIONS - 1));
        dropped.addAll(others.subList(0, over));
        List<SessionSpan> kept = new ArrayList<>(others.subList(over, others.size()));
        kept.add(joined);
        kept.sort(Comparator.comparingLong(SessionSpan::getStart));
        return new Joined(kept, joined, absorbed, dropped);
    }

    /** An account's sessions split by whether they ended at {@code reachableFrom} or later. */
    record Reach(List<SessionSpan> reachable, List<SessionSpan> unreachable) {
    }

    static Reach reach(List<SessionSpan> sessions, long reachableFrom) {
        Map<Boolean, List<SessionSpan>> byReach = sessions.stream()
                .collect(Collectors.partitioningBy(s -> s.getEnd() >= reachableFrom));
        return new Reach(byReach.get(true), byReach.get(false));
    }

    static long lengthMs(SessionSpan span) {
        return span.getEnd() - span.getStart();
    }

    static SessionSample sample(ObservedEvent e) {
        return new SessionSample(e.getEventId(), e.getSource(), e.getTimestamp(), new LinkedHashMap<>(e.getFacts()));
    }

    /**
     * The joined session's sample events after {@code event}, from the stored samples of the sessions it absorbed
     * (call only when {@link Joined#samplesChanged}).
     */
    static List<SessionSample> samplesAfter(Joined joined, ObservedEvent event,
                                            Function<SessionSpan, List<SessionSample>> stored, long sampleMs) {
        List<SessionSample> all = new ArrayList<>();
        all.add(sample(event));
        joined.absorbed().forEach(absorbed -> all.addAll(stored.apply(absorbed)));
        return resample(all, sampleMs);
    }

    /** The earliest event of each sample interval, the earliest {@link #MAX_SAMPLES} intervals, oldest first. */
    static List<SessionSample> resample(List<SessionSample> samples, long sampleMs) {
        List<SessionSample> sorted = new ArrayList<>(samples);
        sorted.sort(OLDEST_FIRST);
        return earliestPerInterval(sorted, SessionSample::getTimestamp, sampleMs);
    }

    /**
     * The first item of each sample interval, up to {@link #MAX_SAMPLES} of them; {@code oldestFirst} is sorted by
     * time. The span's sample times and the stored sample events are both chosen by this one rule, so they agree.
     */
    private static <T> List<T> earliestPerInterval(Iterable<T> oldestFirst, ToLongFunction<T> time, long sampleMs) {
        List<T> kept = new ArrayList<>();
        long lastBucket = Long.MIN_VALUE;
        for (T item : oldestFirst) {
            long bucket = Math.floorDiv(time.applyAsLong(item), sampleMs);
            if (bucket != lastBucket) {
                kept.add(item);
                lastBucket = bucket;
                if (kept.size() == MAX_SAMPLES) {
                    break;
                }
            }
        }
        return kept;
    }

    /** The samples and the triggering event, oldest first, each event once. */
    static List<ObservedEvent> evidence(String account, List<SessionSample> samples, ObservedEvent trigger) {
        LinkedHashMap<String, ObservedEvent> events = new LinkedHashMap<>();
        for (SessionSample s : samples) {
            events.put(s.getEventId(), observed(account, s));
        }
        events.putIfAbsent(trigger.getEventId(), observed(account, sample(trigger)));
        List<ObservedEvent> oldestFirst = new ArrayList<>(events.values());
        oldestFirst.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).thenComparing(ObservedEvent::getEventId));
        return oldestFirst;
    }

    private static final Comparator<SessionSample> OLDEST_FIRST =
            Comparator.comparingLong(SessionSample::getTimestamp).thenComparing(SessionSample::getEventId);

    private static ObservedEvent observed(String account, SessionSample s) {
        // The sample's own facts, not a copy: evidence is read, never changed (as a timeline's kept events).
        return new ObservedEvent(s.getEventId(), s.getSource(), account, s.getTimestamp(), "session", s.getFacts());
    }
}
