package io.flagstream.detect.continuoussession;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.SessionSpan;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
}
