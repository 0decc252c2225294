package io.flagstream.bench;

import io.flagstream.local.ProgressWatcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Timing of a Streams app that reads a fixed backlog from the beginning until it has committed all of it. */
final class Throughputs {
    private static final long POLL_MS = 100;
    /** {@code -Dbench.verbose=true}: print the remaining lag every second. */
    private static final boolean VERBOSE = Boolean.getBoolean("bench.verbose");

    private Throughputs() {
    }

    /**
     * @param events             input records (sum of the inputs' end offsets)
     * @param secondsFromRunning from the first RUNNING state (partitions assigned) to every input and
     *                           repartition offset committed; the throughput figure uses this
     * @param secondsFromStart   the same from {@code start()}, incl. the first rebalance
     */
    record Timing(long events, double secondsFromRunning, double secondsFromStart) {
    }

    /** Starts {@code streams} (unless already started) and waits until its group has committed every input record. */
    static Timing runToCompletion(KafkaStreams streams, Admin admin, String applicationId, Collection<String> inputs,
                                  String phase, Duration timeout) throws InterruptedException {
        long events = endOffsets(admin, inputs);
        long begin = System.nanoTime();
        if (streams.state() == KafkaStreams.State.CREATED) {
            streams.start();
        }
        return awaitCompletion(streams, admin, applicationId, inputs, phase, timeout, events, begin);
    }

    static Timing awaitCompletion(KafkaStreams streams, Admin admin, String applicationId, Collection<String> inputs,
                                  String phase, Duration timeout, long events, long begin) throws InterruptedException {
        long deadline = begin + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            failIfDead(streams, phase);
            if (System.nanoTime() > deadline) {
                throw new PhaseTimeoutException(phase, timeout, "never reached RUNNING, state " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long running = System.nanoTime();
        long lag = -1;
        long lastReport = running;
        while (true) {
            lag = ProgressWatcher.lag(admin, applicationId, inputs);
            if (VERBOSE && System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("      %s: %.1f s after RUNNING, lag %,d%n", phase, (lastReport - running) / 1e9, lag);
            }
            if (lag == 0) {
                break;
            }
            failIfDead(streams, phase);
            if (System.nanoTime() > deadline) {
                throw new PhaseTimeoutException(phase, timeout, lag < 0 ? "lag unknown (admin requests failing)"
                        : lag + " input/repartition records not committed yet by group " + applicationId);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
        long end = System.nanoTime();
        return new Timing(events, (end - running) / 1e9, (end - begin) / 1e9);
    }

    private static void failIfDead(KafkaStreams streams, String phase) {
        KafkaStreams.State s = streams.state();
        if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR || s == KafkaStreams.State.NOT_RUNNING
                || s == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new IllegalStateException("Phase '" + phase + "': the Streams client stopped (state " + s + "); see the log above");
        }
    }

    /** Sum of the end offsets of every partition of {@code topics}. */
    static long endOffsets(Admin admin, Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the end offsets of " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
