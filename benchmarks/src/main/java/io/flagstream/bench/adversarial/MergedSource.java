package io.flagstream.bench.adversarial;

import io.flagstream.replay.ReplayEvent;

/** Two sources merged by event time; on a tie the first source's event goes first. */
final class MergedSource implements EventSource {
    private final EventSource first;
    private final EventSource second;
    private ReplayEvent nextFirst;
    private ReplayEvent nextSecond;
    private long handedOut;

    MergedSource(EventSource first, EventSource second) {
        this.first = first;
        this.second = second;
        this.nextFirst = first.next();
        this.nextSecond = second.next();
    }

    @Override
    public ReplayEvent next() {
        ReplayEvent e;
        if (nextFirst != null && (nextSecond == null || nextFirst.timestamp() <= nextSecond.timestamp())) {
            e = nextFirst;
            nextFirst = first.next();
        } else if (nextSecond != null) {
            e = nextSecond;
            nextSecond = second.next();
        } else {
            return null;
        }
        handedOut++;
        return e;
    }

    @Override
    public long handedOut() {
        return handedOut;
    }
}
