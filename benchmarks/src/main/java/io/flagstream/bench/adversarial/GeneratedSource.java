package io.flagstream.bench.adversarial;

import io.flagstream.replay.ReplayEvent;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A generator's events in event-time order. Day {@code d + 1} is generated before any event at or after its start
 * is handed out, which is enough because a day's events never start earlier than the day; ties keep the order in
 * which they were generated, so the order is deterministic.
 */
final class GeneratedSource implements EventSource {
    private final AdversarialGenerator generator;
    private final long start;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.event().timestamp()).thenComparingLong(Pending::sequence));
    private long sequence;
    private int nextDay;
    private long handedOut;

    GeneratedSource(AdversarialGenerator generator, long start) {
        this.generator = generator;
        this.start = start;
        generator.prelude(this::add);
    }

    @Override
    public ReplayEvent next() {
        while (nextDay < generator.days() && (pending.isEmpty() || pending.peek().event().timestamp() >= start + nextDay * AdversarialGenerator.DAY_MS)) {
            generator.day(nextDay++, this::add);
        }
        Pending p = pending.poll();
        if (p == null) {
            return null;
        }
        handedOut++;
        return p.event();
    }

    private void add(ReplayEvent e) {
        pending.add(new Pending(e, sequence++));
    }

    @Override
    public long handedOut() {
        return handedOut;
    }

    private record Pending(ReplayEvent event, long sequence) {
    }
}
