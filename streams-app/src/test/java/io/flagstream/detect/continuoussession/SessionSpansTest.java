package io.flagstream.detect.continuoussession;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSpan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSpansTest {
    private static final long HOUR = 3_600_000L;

    private static ObservedEvent event(String id, long t) {
        return new ObservedEvent(id, "logins", "acct-1", t, "activity", Map.of("kind", "HEARTBEAT"));
    }

    private static SessionSpan spanOf(long sampleMs, ObservedEvent... events) {
        SessionSpan span = null;
        for (ObservedEvent e : events) {
            span = SessionSpans.add(span, e, sampleMs);
        }
        return span;
    }

    @Test
    void keepsBoundsCountAndTheEarliestEventOfEachSampleInterval() {
        SessionSpan span = spanOf(HOUR, event("a", 0), event("b", HOUR / 2), event("c", HOUR), event("d", 2 * HOUR + 5));

        assertThat(span.getStart()).isZero();
        assertThat(span.getEnd()).isEqualTo(2 * HOUR + 5);
        assertThat(span.getEvents()).isEqualTo(4);
        assertThat(SessionSpans.lengthMs(span)).isEqualTo(2 * HOUR + 5);
        assertThat(span.getSamples()).extracting(s -> s.getEventId()).containsExactly("a", "c", "d");
        assertThat(span.getLast().getEventId()).isEqualTo("d");
    }

    @Test
    void evidenceIsTheSamplesAndTheLastEventOnce() {
        SessionSpan span = spanOf(HOUR, event("a", 0), event("b", 10), event("c", 20));

        assertThat(SessionSpans.evidence(span)).extracting(ObservedEvent::getEventId).containsExactly("a", "c");
        assertThat(SessionSpans.evidence(span).get(0).getAccountId()).isEqualTo("acct-1");
    }

    @Test
    void mergingIsOrderInsensitive() {
        SessionSpan inOrder = spanOf(HOUR, event("a", 0), event("b", HOUR), event("c", 2 * HOUR));
        SessionSpan merged = SessionSpans.merge(spanOf(HOUR, event("c", 2 * HOUR)),
                SessionSpans.merge(spanOf(HOUR, event("b", HOUR)), spanOf(HOUR, event("a", 0)), HOUR), HOUR);

        assertThat(merged).isEqualTo(inOrder);
    }

    @Test
    void anEarlierEventReplacesTheSampleOfItsIntervalOnly() {
        SessionSpan span = spanOf(HOUR, event("b", HOUR / 2), event("c", HOUR), event("a", 0));

        // intervals are aligned to event time, not to the session start: c keeps its own interval
        assertThat(span.getSamples()).extracting(s -> s.getEventId()).containsExactly("a", "c");
        assertThat(span).isEqualTo(spanOf(HOUR, event("a", 0), event("b", HOUR / 2), event("c", HOUR)));
    }

    @Test
    void samplesAreCapped() {
        SessionSpan span = null;
        for (int i = 0; i < 3 * SessionSpans.MAX_SAMPLES; i++) {
            span = SessionSpans.add(span, event("e" + i, i * HOUR), HOUR);
        }

        assertThat(span.getSamples()).hasSize(SessionSpans.MAX_SAMPLES);
        assertThat(span.getEvents()).isEqualTo(3L * SessionSpans.MAX_SAMPLES);
        assertThat(span.getLast().getEventId()).isEqualTo("e" + (3 * SessionSpans.MAX_SAMPLES - 1));
    }

    @Test
    void nullIsTheEmptySession() {
        SessionSpan span = spanOf(HOUR, event("a", 0));

        assertThat(SessionSpans.merge(null, span, HOUR)).isSameAs(span);
        assertThat(SessionSpans.merge(span, null, HOUR)).isSameAs(span);
    }

    @Test
    void anEventBetweenTwoSessionsWithinTheGapMergesThem() {
        List<SessionSpan> sessions = List.of(spanOf(HOUR, event("a", 0)), spanOf(HOUR, event("b", 2 * GAP)));

        SessionSpans.Joined joined = SessionSpans.join(sessions, event("bridge", GAP), GAP, Long.MIN_VALUE, HOUR);

        assertThat(joined.sessions()).singleElement().isEqualTo(joined.session());
        assertThat(joined.session().getStart()).isZero();
        assertThat(joined.session().getEnd()).isEqualTo(2 * GAP);
        assertThat(joined.session().getEvents()).isEqualTo(3);
    }

    @Test
    void sessionsThatEndedOutOfReachAreDroppedAndTheJoinedOneIsAlwaysKept() {
        List<SessionSpan> sessions = new ArrayList<>();
        for (int i = 0; i < SessionSpans.MAX_SESSIONS + 10; i++) {
            sessions.add(spanOf(HOUR, event("s" + i, 1_000 * HOUR + i * 3 * GAP)));
        }
        sessions.add(0, spanOf(HOUR, event("old", 0)));

        SessionSpans.Joined joined = SessionSpans.join(sessions, event("late", 10 * HOUR), GAP, 500 * HOUR, HOUR);

        assertThat(joined.sessions()).hasSize(SessionSpans.MAX_SESSIONS).contains(joined.session())
                .noneMatch(s -> s.getLast().getEventId().equals("old"));
        assertThat(joined.sessions().get(0)).isEqualTo(joined.session());
        assertThat(joined.sessions().get(SessionSpans.MAX_SESSIONS - 1).getLast().getEventId()).isEqualTo("s73");
    }

    /** Seeded random streams, in and out of order: the sessions joined event by event are the brute-force split. */
    @Test
    void joiningEventByEventGivesTheSessionsOfTheSortedEventsSplitAtGapsLongerThanTheMaximum() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<Long> times = new ArrayList<>();
            long t = 0;
            for (int i = 0; i < 1 + random.nextInt(40); i++) {
                t += random.nextInt(3) == 0 ? GAP + 1 + random.nextInt(3 * (int) GAP) : random.nextInt((int) GAP + 1);
                times.add(t);
            }
            List<Long> arrival = new ArrayList<>(times);
            Collections.shuffle(arrival, random);
            List<SessionSpan> sessions = List.of();
            for (int i = 0; i < arrival.size(); i++) {
                sessions = SessionSpans.join(sessions, event("e" + i, arrival.get(i)), GAP, Long.MIN_VALUE, HOUR).sessions();
            }

            assertThat(sessions).extracting(s -> List.of(s.getStart(), s.getEnd(), s.getEvents()))
                    .as("run %d, times %s", run, times).isEqualTo(bruteForce(times));
        }
    }

    private static final long GAP = 30 * 60_000L;

    private static List<List<Long>> bruteForce(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        List<List<Long>> sessions = new ArrayList<>();
        long start = sorted.get(0);
        long end = start;
        long count = 0;
        for (long time : sorted) {
            if (time - end > GAP) {
                sessions.add(List.of(start, end, count));
                start = time;
                count = 0;
            }
            end = time;
            count++;
        }
        sessions.add(List.of(start, end, count));
        return sessions;
    }
}
