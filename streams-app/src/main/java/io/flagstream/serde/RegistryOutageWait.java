package io.flagstream.serde;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out a schema registry outage while decoding an input record (or an allow-list or watch-list entry). A record whose writer schema cannot be
 * fetched because the registry is down is a good record: dead-lettering it would blind detection for as long as
 * the outage lasts. So the stream thread pauses on that record, retrying with a doubling wait, and goes on once
 * the registry answers; nothing is skipped and nothing is committed past it.
 *
 * <p>The pause is bounded by {@code maxPause} (kept under {@code max.poll.interval.ms}, after which the member
 * would be fenced out of its group mid-record): past it the failure is thrown, the app stops (the uncaught
 * exception handler) and, restarted, resumes from the last commit, that record included.
 *
 * @param firstWait the wait after the first failed attempt
 * @param maxWait   the longest wait between two attempts
 * @param maxPause  how long one record may wait in all
 */
public record RegistryOutageWait(Duration firstWait, Duration maxWait, Duration maxPause) {
    private static final Logger log = LoggerFactory.getLogger(RegistryOutageWait.class);

    public static RegistryOutageWait from(SchemaRegistrySettings settings) {
        return new RegistryOutageWait(Duration.ofMillis(500), Duration.ofSeconds(10), settings.outageMaxPause());
    }

    /**
     * Returns what {@code decode} returns, calling it again while it fails because the registry is unreachable.
     * Any other failure is thrown at once, to be dead-lettered by the caller.
     *
     * @throws StreamsException when the registry stays unreachable for longer than {@code maxPause}
     */
    public <T> T decode(String topic, Supplier<T> decode) {
        long deadline = System.nanoTime() + maxPause.toNanos();
        Duration wait = firstWait;
        for (int attempt = 1; ; attempt++) {
            try {
                return decode.get();
            } catch (RuntimeException e) {
                if (!SchemaRegistryException.causedByOutage(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new StreamsException("The schema registry stayed unreachable for " + maxPause + " ("
                            + SchemaRegistrySettings.OUTAGE_MAX_PAUSE + ") while decoding a record on topic " + topic
                            + "; stopping without skipping it: " + e.getMessage(), e);
                }
                log.warn("Schema registry unreachable decoding a record on {} (attempt {}), keeping the record and"
                        + " retrying in {}: {}", topic, attempt, wait, e.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while waiting for the schema registry", e);
        }
    }
}
