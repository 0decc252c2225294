package io.flagstream.detect;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How far event time has progressed for one task, judged so that a partition that is behind does not make
 * its own records late: the minimum progress over the sources that feed the task.
 * <ul>
 *   <li>A re-keyed record (by IP, by instrument) interleaves every upstream task, which can be days apart
 *       while a backlog is read; each carries its upstream task's progress in two headers ({@link #stamp}),
 *       and that task is its source.</li>
 *   <li>Any other record's source is the input partition it was read from, its progress the highest event
 *       time read from it. Kafka Streams hands a task its partitions' records in timestamp order only while
 *       every partition has data fetched; while records are still being produced (a live feed, a demo that
 *       replays a day per second) one partition can run ahead of another.</li>
 * </ul>
 * A task behind a re-key learns its upstream tasks from a {@code WatermarkObserver} that sees every record
 * before any detector's filter and knows how many there are. Until all have been heard from (the tasks of a
 * restarted app do not all start at once) a task not yet heard from may be anywhere behind: for the first
 * {@link #QUIET_MS} of wall clock nothing is late, and after that the watermark stays {@link #MAX_LAG} behind the
 * highest event time.
 * Other sources are known from their first record on: until then they do not hold the watermark back. A source more
 * than {@link #MAX_LAG} behind the fastest that has sent nothing for {@link #QUIET_MS} (a partition that went
 * quiet, a stalled upstream task) no longer holds it back either, so state that follows the watermark stays
 * bounded; its records older than that are judged late. A source that is still sending holds it back however
 * far behind it is.
 */
public final class Watermark {
    /** Header with the upstream task's id (UTF-8). */
    public static final String SOURCE_HEADER = "flagstream-wm-source";
    /** Header with the upstream task's highest event time (8 bytes, big-endian). */
    public static final String TIME_HEADER = "flagstream-wm-time";
    /** How far behind the fastest source a source may hold the watermark back. */
    public static final long MAX_LAG = Duration.ofDays(7).toMillis();

    /** Header with the watermark a {@code WatermarkObserver} computed for the task (8 bytes, big-endian). */
    public static final String OBSERVED_HEADER = "flagstream-wm-observed";

    /** Wall-clock time without a record after which a source counts as quiet. */
    public static final long QUIET_MS = Duration.ofMinutes(1).toMillis();

    private final Map<String, Progress> sources = new HashMap<>();
    private final int expectedSources;
    private long own = Long.MIN_VALUE;
    /** Wall clock of the first record from any source: when waiting for the unheard ones starts. */
    private long firstHeardMs = Long.MIN_VALUE;
    /** The watermark a {@code WatermarkObserver} computed, adopted from the last record that carried one. */
    private long adopted;
    /** Whether a record carried one: the observer's {@link Long#MIN_VALUE} ("nothing is late yet") is adopted too. */
    private boolean adoptedAny;

    /** A watermark that learns its sources as they come. */
    public Watermark() {
        this(0);
    }

    /**
     * @param expectedSources how many sources feed the task (0: unknown); until all have been heard from, the
     *                        watermark is {@link Long#MIN_VALUE} for {@link #QUIET_MS} after the first record,
     *                        then {@link #MAX_LAG} behind the highest event time
     */
    public Watermark(int expectedSources) {
        this.expectedSources = expectedSources;
    }

    /**
     * Takes the record's event time and its source's progress: the stamped upstream task's, or else
     * {@code partition}'s (null when unknown, e.g. a punctuation); {@code nowMs} is the wall clock.
     */
    public void observe(long eventTime, Headers headers, String partition, long nowMs) {
        own = Math.max(own, eventTime);
        Header computed = headers == null ? null : headers.lastHeader(OBSERVED_HEADER);
        if (computed != null && computed.value() != null && computed.value().length == Long.BYTES) {
            // The task's observer saw every record, before any filter: its judgement wins.
            adopted = ByteBuffer.wrap(computed.value()).getLong();
            adoptedAny = true;
            return;
        }
        Header source = headers == null ? null : headers.lastHeader(SOURCE_HEADER);
        Header time = headers == null ? null : headers.lastHeader(TIME_HEADER);
        if (source != null && time != null && time.value() != null && time.value().length == Long.BYTES) {
            heardFrom(new String(source.value(), StandardCharsets.UTF_8), ByteBuffer.wrap(time.value()).getLong(), nowMs);
        } else if (partition != null) {
            heardFrom(partition, eventTime, nowMs);
        }
    }

    private void heardFrom(String source, long progress, long nowMs) {
        if (firstHeardMs == Long.MIN_VALUE) {
            firstHeardMs = nowMs;
        }
        Progress p = sources.computeIfAbsent(source, s -> new Progress());
        p.eventTime = Math.max(p.eventTime, progress);
        p.lastHeardMs = nowMs;
    }

    /**
     * The event time every source has reached; {@link Long#MIN_VALUE} before the first record. A source that is
     * still sending holds it back however far behind it is (a slow partition catching up loses nothing); one
     * that has sent nothing for {@link #QUIET_MS} of wall clock only while it is within {@link #MAX_LAG} of the
     * fastest (a partition gone quiet must not stop state from expiring).
     */
    public long current(long nowMs) {
        if (adoptedAny) {
            return adopted;
        }
        if (sources.size() < expectedSources) {
            // Reading a backlog, the first upstream task to report can be months ahead of one that has not yet:
            // judging by the ones heard from would make the others' records late.
            boolean waiting = firstHeardMs == Long.MIN_VALUE || nowMs - firstHeardMs <= QUIET_MS;
            return waiting || own == Long.MIN_VALUE ? Long.MIN_VALUE : own - MAX_LAG;
        }
        long fastest = Long.MIN_VALUE;
        for (Progress p : sources.values()) {
            fastest = Math.max(fastest, p.eventTime);
        }
        long min = Long.MAX_VALUE;
        for (Progress p : sources.values()) {
            if (p.eventTime >= fastest - MAX_LAG || nowMs - p.lastHeardMs <= QUIET_MS) {
                min = Math.min(min, p.eventTime);
            }
        }
        return sources.isEmpty() ? own : min;
    }

    /** The highest event time this task has seen. */
    public long highest() {
        return own;
    }

    /** A copy of {@code headers} carrying the task's watermark as its observer computed it. */
    public static Headers observed(Headers headers, long watermark) {
        RecordHeaders copy = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        copy.remove(OBSERVED_HEADER);
        copy.add(OBSERVED_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(watermark).array());
        return copy;
    }

    /** A copy of {@code headers} with this task's progress, for a record about to be re-keyed. */
    public static Headers stamp(Headers headers, String task, long progress) {
        RecordHeaders stamped = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        stamped.remove(SOURCE_HEADER);
        stamped.remove(TIME_HEADER);
        stamped.add(SOURCE_HEADER, task.getBytes(StandardCharsets.UTF_8));
        stamped.add(TIME_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(progress).array());
        return stamped;
    }

    private static final class Progress {
        long eventTime = Long.MIN_VALUE;
        long lastHeardMs;
    }
}
