package io.flagstream.bench.adversarial;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What one phase measured.
 *
 * @param status               {@link #OK}, {@link #TIMED_OUT} (stopped at its bound; the figures cover what it reached) or
 *                             {@link #FAILED}
 * @param shape                the load's shape (degrees, spacing)
 * @param plannedEvents        events the phase would pipe if it ran to the end
 * @param events               events piped (background included)
 * @param adversarialEvents    of which from the adversarial generator
 * @param cpuSeconds           CPU time of the thread that pipes (the test driver processes each event on it)
 * @param processCpuSeconds    CPU time of the whole JVM in the same span (GC and JIT threads included)
 * @param retainedHeapBytes    heap used after a full GC at the end, with the topology and its in-memory stores
 *                             still open and the inputs consumed, minus the same before the phase
 * @param alertRecordsByRule   alert records (revisions included) per rule
 * @param progress             events piped at each progress report, to see whether the rate decays
 */
public record PhaseResult(String phase, String status, String message, String shape, long plannedEvents, long events,
                   long adversarialEvents, double wallSeconds, double cpuSeconds, double processCpuSeconds,
                   long heapBeforeBytes, long heapAfterBytes, long retainedHeapBytes, long deadLetters,
                   Map<String, Integer> alertRecordsByRule, List<Checkpoint> progress) {
    static final String OK = "ok";
    static final String TIMED_OUT = "TIMED_OUT";
    static final String FAILED = "FAILED";

    /** Events piped after {@code seconds} of the phase, and the rate over the interval before. */
    public record Checkpoint(double seconds, long events, long adversarialEvents, double intervalEventsPerSecond) {
    }

    static PhaseResult failed(String phase, String shape, String message) {
        return new PhaseResult(phase, FAILED, message, shape, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of());
    }

    @JsonProperty
    double eventsPerSecond() {
        return wallSeconds > 0 ? events / wallSeconds : 0;
    }

    @JsonProperty
    double eventsPerCpuSecond() {
        return cpuSeconds > 0 ? events / cpuSeconds : 0;
    }

    boolean measured() {
        return !FAILED.equals(status) && events > 0;
    }
}
