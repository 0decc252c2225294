package io.flagstream.replay;

import io.flagstream.sim.SimEvent;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts a nearly ordered stream into event-time order with a bounded buffer: an event is passed on once an
 * event more than {@code lag} later has been seen. The simulator sorts each simulated day, but a session
 * that starts late on one day runs into the next, and a morning in Asia falls on the previous UTC day, so
 * consecutive days overlap by some hours (7.5 h measured); one day of lag covers that with memory for one
 * day of events. An event later than the lag is passed on at once and counted in {@link #late()}.
 */
public final class EventTimeOrder implements Consumer<SimEvent>, AutoCloseable {
    private final long lagMillis;
    private final Consumer<SimEvent> next;
    private final PriorityQueue<Entry> buffer = new PriorityQueue<>(
            Comparator.comparingLong((Entry e) -> e.event.timestamp()).thenComparingLong(e -> e.sequence));
    private long maxSeen = Long.MIN_VALUE;
    private long emittedUpTo = Long.MIN_VALUE;
    private long sequence;
    private long late;

    public EventTimeOrder(Duration lag, Consumer<SimEvent> next) {
        this.lagMillis = lag.toMillis();
        this.next = next;
    }

    @Override
    public void accept(SimEvent e) {
        if (e.timestamp() < emittedUpTo) {
            late++;
            next.accept(e);
            return;
        }
        buffer.add(new Entry(e, sequence++));
        maxSeen = Math.max(maxSeen, e.timestamp());
        while (!buffer.isEmpty() && buffer.peek().event.timestamp() < maxSeen - lagMillis) {
            emit(buffer.poll().event);
        }
    }

    /** Passes on everything still buffered. */
    @Override
    public void close() {
        while (!buffer.isEmpty()) {
            emit(buffer.poll().event);
        }
    }

    /** Events that arrived more than the lag late and were passed on out of order. */
    public long late() {
        return late;
    }

    private void emit(SimEvent e) {
        emittedUpTo = Math.max(emittedUpTo, e.timestamp());
        next.accept(e);
    }

    private record Entry(SimEvent event, long sequence) {
    }
}
