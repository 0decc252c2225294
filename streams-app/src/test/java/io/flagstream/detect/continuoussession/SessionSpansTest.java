package io.flagstream.detect.continuoussession;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSample;
import io.flagstream.state.SessionSpan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSpansTest {
    private static final long HOUR = 3_600_000L;

    private static ObservedEvent event(String id, long t) {
        return new ObservedEvent(id, "logins", "acct-1", t, "activity", Map.of("kind", "HEARTBEAT"));
    }

    private static SessionSpan spanOf(long sampleMs, long... times) {
        SessionSpan span = SessionSpans.of(times[0]);
        for (int i = 1; i < times.length; i++) {
            span = SessionSpans.merge(span, SessionSpans.of(times[i]), sampleMs);
        }
        return span;
    }

    private static List<String> sampleIds(ObservedEvent... events) {
        return SessionSpans.resample(Arrays.stream(events).map(SessionSpans::sample).toList(), HOUR).stream()
                .map(SessionSample::getEventId).toList();
    }

    @Test
    void keepsBoundsCountAndTheTimesOfTheEarliestEventOfEachSampleInterval() {
        SessionSpan span = spanOf(HOUR, 0, HOUR / 2, HOUR, 2 * HOUR + 5);

        assertThat(span.getStart()).isZero();
        assertThat(span.getEnd()).isEqualTo(2 * HOUR + 5);
        assertThat(span.getEvents()).isEqualTo(4);
        assertThat(SessionSpans.lengthMs(span)).isEqualTo(2 * HOUR + 5);
        assertThat(span.getSampleTimes()).containsExactly(0L, HOUR, 2 * HOUR + 5);
        assertThat(sampleIds(event("a", 0), event("b", HOUR / 2), event("c", HOUR), event("d", 2 * HOUR + 5)))
                .containsExactly("a", "c", "d");
    }

    @Test
    void evidenceIsTheSamplesAndTheTriggeringEventOnceOldestFirst() {
        List<SessionSample> samples = List.of(SessionSpans.sample(event("a", 0)), SessionSpans.sample(event("c", 20)));

        assertThat(SessionSpans.evidence("acct-1", samples, event("d", 30))).extracting(ObservedEvent::getEventId)
                .containsExactly("a", "c", "d");
        assertThat(SessionSpans.evidence("acct-1", samples, event("c", 20))).extracting(ObservedEvent::getEventId)
                .containsExactly("a", "c");
        assertThat(SessionSpans.evidence("acct-1", samples, event("b", 10)).get(0).getAccountId()).isEqualTo("acct-1");
    }

    @Test
    void mergingIsOrderInsensitive() {
        SessionSpan inOrder = spanOf(HOUR, 0, HOUR, 2 * HOUR);
        SessionSpan merged = SessionSpans.merge(spanOf(HOUR, 2 * HOUR),
                SessionSpans.merge(spanOf(HOUR, HOUR), spanOf(HOUR, 0), HOUR), HOUR);

        assertThat(merged).isEqualTo(inOrder);
    }

    @Test
    void anEarlierEventReplacesTheSampleOfItsIntervalOnly() {
        // intervals are aligned to event time, not to the session start: c keeps its own interval
        assertThat(sampleIds(event("b", HOUR / 2), event("c", HOUR), event("a", 0))).containsExactly("a", "c");
        assertThat(spanOf(HOUR, HOUR / 2, HOUR, 0)).isEqualTo(spanOf(HOUR, 0, HOUR / 2, HOUR));
    }

    @Test
    void samplesAreCapped() {
        SessionSpan span = SessionSpans.of(0);
        List<ObservedEvent> events = new ArrayList<>();
        for (int i = 1; i < 3 * SessionSpans.MAX_SAMPLES; i++) {
            span = SessionSpans.merge(span, SessionSpans.of(i * HOUR), HOUR);
            events.add(event("e" + i, i * HOUR));
        }

        assertThat(span.getSampleTimes()).hasSize(SessionSpans.MAX_SAMPLES);
        assertThat(span.getEvents()).isEqualTo(3L * SessionSpans.MAX_SAMPLES);
        assertThat(sampleIds(events.toArray(ObservedEvent[]::new))).hasSize(SessionSpans.MAX_SAMPLES);
    }

    @Test
    void anEventBetweenTwoSessionsWithinTheGapMergesThem() {
        List<SessionSpan> sessions = List.of(spanOf(HOUR, 0), spanOf(HOUR, 2 * GAP));

        SessionSpans.Joined joined = SessionSpans.join(sessions, GAP, GAP, Long.MIN_VALUE, HOUR);

        assertThat(joined.sessions()).singleElement().isEqualTo(joined.session());
        assertThat(joined.session().getStart()).isZero();
        assertThat(joined.session().getEnd()).isEqualTo(2 * GAP);
        assertThat(joined.session().getEvents()).isEqualTo(3);
        assertThat(joined.absorbed()).isEqualTo(sessions);
        assertThat(joined.samplesChanged(GAP)).isTrue();
    }

    @Test
    void anEventInsideAnIntervalThatAlreadyHasAnEarlierSampleChangesOnlyTheBounds() {
        SessionSpans.Joined joined = SessionSpans.join(List.of(spanOf(HOUR, 0, 10)), 20, GAP, Long.MIN_VALUE, HOUR);

        assertThat(joined.session().getEvents()).isEqualTo(3);
        assertThat(joined.samplesChanged(20)).isFalse();
        assertThat(SessionSpans.join(List.of(spanOf(HOUR, 0, 10)), HOUR, GAP, Long.MIN_VALUE, HOUR)
                .samplesChanged(HOUR)).isTrue();
    }

    @Test
    void sessionsThatEndedOutOfReachAreDroppedAndTheJoinedOneIsAlwaysKept() {
        List<SessionSpan> sessions = new ArrayList<>();
        for (int i = 0; i < SessionSpans.MAX_SESSIONS + 10; i++) {
            sessions.add(spanOf(HOUR, 1_000 * HOUR + i * 3 * GAP));
        }
        SessionSpan old = spanOf(HOUR, 0);
        sessions.add(0, old);

        SessionSpans.Joined joined = SessionSpans.join(sessions, 10 * HOUR, GAP, 500 * HOUR, HOUR);

        assertThat(joined.sessions()).hasSize(SessionSpans.MAX_SESSIONS).contains(joined.session()).doesNotContain(old);
        assertThat(joined.sessions().get(0)).isEqualTo(joined.session());
        assertThat(joined.sessions().get(SessionSpans.MAX_SESSIONS - 1).getStart()).isEqualTo(1_000 * HOUR + 73 * 3 * GAP);
        assertThat(joined.dropped()).hasSize(12).contains(old).doesNotContainAnyElementsOf(joined.sessions());
    }

    /**
     * Seeded random streams, in and out of order: the sessions joined event by event are the brute-force split, and
     * each session's samples, rewritten only when the join says they changed, are those of all its events.
     */
    @Test
    void joiningEventByEventGivesTheSessionsAndSamplesOfTheSortedEventsSplitAtGapsLongerThanTheMaximum() {
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
            // the samples store as the processor keeps it: rewritten only when the join says they changed
            Map<Long, List<SessionSample>> samples = new HashMap<>();
            List<ObservedEvent> events = new ArrayList<>();
            for (int i = 0; i < arrival.size(); i++) {
                ObservedEvent e = event("e" + i, arrival.get(i));
                events.add(e);
                SessionSpans.Joined joined = SessionSpans.join(sessions, e.getTimestamp(), GAP, Long.MIN_VALUE, SAMPLE);
                if (joined.samplesChanged(e.getTimestamp())) {
                    List<SessionSample> sampled = SessionSpans.samplesAfter(joined, e,
                            s -> samples.getOrDefault(s.getStart(), List.of()), SAMPLE);
                    joined.absorbed().forEach(s -> samples.remove(s.getStart()));
                    samples.put(joined.session().getStart(), sampled);
                }
                sessions = joined.sessions();
            }

            assertThat(sessions).extracting(s -> List.of(s.getStart(), s.getEnd(), s.getEvents()))
                    .as("run %d, times %s", run, times).isEqualTo(bruteForce(times));
            for (SessionSpan s : sessions) {
                List<SessionSample> expected = SessionSpans.resample(events.stream()
                        .filter(e -> s.getStart() <= e.getTimestamp() && e.getTimestamp() <= s.getEnd())
                        .map(SessionSpans::sample).toList(), SAMPLE);
                assertThat(samples.get(s.getStart())).as("run %d, samples of %s", run, s).isEqualTo(expected);
                assertThat(s.getSampleTimes()).isEqualTo(expected.stream().map(SessionSample::getTimestamp).toList());
            }
            assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(sessions.stream().map(SessionSpan::getStart).toList());
        }
    }

    /** Shorter than the gap, so sessions hold several samples and out-of-order events replace some. */
    private static final long SAMPLE = 10 * 60_000L;
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
