package io.flagstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one harness run needs.
 *
 * @param events          simulator events loaded onto the three input topics
 * @param partitions      partitions of every input topic
 * @param seed            simulator seed
 * @param withoutPrelude  leave out the simulator's account-creation prelude (events before the simulated period)
 * @param warmup          run the first matrix entry once, unreported, before the matrix (JIT, class loading, page cache)
 * @param matrix          FlagStream throughput configurations
 * @param latency         FlagStream configurations whose event-to-alert latency is measured (empty: none)
 * @param latencyDuration how long the fixed-rate producer runs per latency configuration
 * @param latencyRate     events/s of the latency producer; 0 means half of the best ALOS throughput measured
 * @param casesPerSecond  planted A16 cases per second in the latency traffic
 * @param phaseTimeout    bound of every throughput phase
 * @param resultsDir      where the JSON and Markdown results are written
 */
public record BenchOptions(long events, int partitions, long seed, boolean withoutPrelude, boolean warmup, List<Combo> matrix, List<Combo> latency,
                           Duration latencyDuration, double latencyRate, double casesPerSecond,
                           Duration phaseTimeout, Path resultsDir) {

    /** Default bound of a throughput phase: generous for 10 K events/s, never under two minutes. */
    public static Duration defaultPhaseTimeout(long events) {
        return Duration.ofSeconds(Math.max(120, events / 2_000));
    }
}
