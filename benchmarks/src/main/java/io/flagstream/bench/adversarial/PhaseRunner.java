package io.flagstream.bench.adversarial;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.replay.Replay;
import io.flagstream.replay.ReplayEvent;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pipes one phase's events through the production topology as {@code replay} does ({@link Replay}: one
 * {@code ReplayDriver}, in-memory stores, every detector, risk and clusters as configured by default), on
 * this thread, until the source ends or the phase's bound passes. The bound is checked after every event, so a
 * phase that collapses is reported with what it reached instead of holding up the run; one event that never
 * returns would still hold it.
 */
final class PhaseRunner {
    private static final int DRAIN_EVERY = 1000;
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(30).toNanos();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final Duration bound;
    private final PrintStream out;

    PhaseRunner(Duration bound, PrintStream out) {
        this.bound = bound;
        this.out = out;
    }

    /** What a phase pipes, built after the runner's heap baseline so that its buffered events never count as retained. */
    record Input(String shape, long plannedEvents, FlagStreamConfig config, EventSource events, LongSupplier adversarialEvents) {
    }

    PhaseResult run(String phase, Supplier<Input> prepare) {
        long heapBefore = heapAfterGc();
        Input input = prepare.get();
        EventSource events = input.events();
        LongSupplier adversarial = input.adversarialEvents();
        long plannedEvents = input.plannedEvents();
        String shape = input.shape();
        Map<String, Integer> alerts = new TreeMap<>();
        List<PhaseResult.Checkpoint> progress = new ArrayList<>();
        try (Replay replay = new Replay(input.config())) {
            long wall0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long process0 = processCpuNanos();
            long deadline = wall0 + bound.toNanos();
            long nextReport = wall0 + PROGRESS_EVERY_NANOS;
            long piped = 0;
            long reported = 0;
            long reportedAt = wall0;
            boolean timedOut = false;
            ReplayEvent e;
            while ((e = events.next()) != null) {
                replay.pipe(e);
                piped++;
                if (piped % DRAIN_EVERY == 0) {
                    count(replay.drainAlerts(), alerts);
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.add(checkpoint(phase, now - wall0, piped, piped - reported, now - reportedAt, adversarial.getAsLong()));
                    reported = piped;
                    reportedAt = now;
                    nextReport = now + PROGRESS_EVERY_NANOS;
                }
                if (now >= deadline) {
                    timedOut = true;
                    break;
                }
            }
            count(replay.drainAlerts(), alerts);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double processCpu = (processCpuNanos() - process0) / 1e9;
            // Drop what the source still buffers (a timed-out phase) so that only the topology's state is retained.
            events = null;
            input = null;
            long heapAfter = heapAfterGc();
            String message = timedOut
                    ? String.format(Locale.ROOT, "timed out after %.0f s at %,d of %,d events (%,d adversarial), %,.0f ev/s", wall, piped,
                    plannedEvents, adversarial.getAsLong(), piped / wall)
                    : null;
            return new PhaseResult(phase, timedOut ? PhaseResult.TIMED_OUT : PhaseResult.OK, message, shape, plannedEvents, piped,
                    adversarial.getAsLong(), wall, cpu, processCpu, heapBefore, heapAfter, heapAfter - heapBefore, replay.deadLetters(),
                    alerts, progress);
        }
    }

    private PhaseResult.Checkpoint checkpoint(String phase, long elapsedNanos, long piped, long sinceLast, long intervalNanos,
                                              long adversarialEvents) {
        PhaseResult.Checkpoint c = new PhaseResult.Checkpoint(elapsedNanos / 1e9, piped, adversarialEvents, sinceLast / (intervalNanos / 1e9));
        out.printf(Locale.ROOT, "      %s: %.0f s, %,d events (%,d adversarial), %,.0f ev/s over the last %.0f s%n", phase, c.seconds(),
                piped, adversarialEvents, c.intervalEventsPerSecond(), intervalNanos / 1e9);
        out.flush();
        return c;
    }

    private static void count(List<FraudAlert> batch, Map<String, Integer> alerts) {
        batch.forEach(a -> alerts.merge(a.getRuleId(), 1, Integer::sum));
    }

    private static long heapAfterGc() {
        MEMORY.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
