package io.flagstream.detect;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * How far event time has progressed for one task, judged so that a partition that is behind does not make
 * its own records late. A record read straight from the account-keyed inputs has no stamp: Kafka Streams
 * hands a task its partitions' records in timestamp order, so the task's highest event time is its
 * progress. A re-keyed record (by IP, by instrument) interleaves every upstream task, which can be days
 * apart while a backlog is read; each carries its upstream task's progress in two headers ({@link #stamp}),
 * and the watermark is the minimum over the upstream tasks seen so far.
 *
 * <p>An upstream task is known from its first record on: until then it does not hold the watermark back.
 * All tasks of a backlog start together, so this only matters for an upstream task that has sent nothing
 * yet, and then only makes judgement stricter for records older than its first.
 */
public final class Watermark {
    /** Header with the upstream task's id (UTF-8). */
    public static final String SOURCE_HEADER = "flagstream-wm-source";
    /** Header with the upstream task's highest event time (8 bytes, big-endian). */
    public static final String TIME_HEADER = "flagstream-wm-time";

    private final Map<String, Long> upstream = new HashMap<>();
    private long own = Long.MIN_VALUE;
    private long minUpstream = Long.MIN_VALUE;

    /** Takes the record's event time and, when stamped, its upstream task's progress. */
    public void observe(long eventTime, Headers headers) {
        own = Math.max(own, eventTime);
        Header source = headers == null ? null : headers.lastHeader(SOURCE_HEADER);
        Header time = headers == null ? null : headers.lastHeader(TIME_HEADER);
        if (source == null || time == null || time.value() == null || time.value().length != Long.BYTES) {
            return;
        }
        String task = new String(source.value(), StandardCharsets.UTF_8);
        long progress = ByteBuffer.wrap(time.value()).getLong();
        Long before = upstream.put(task, Math.max(progress, upstream.getOrDefault(task, Long.MIN_VALUE)));
        if (before == null || before == minUpstream || progress < minUpstream) {
            minUpstream = upstream.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
        }
    }

    /** The event time every upstream task has reached; {@link Long#MIN_VALUE} before the first record. */
    public long current() {
        return upstream.isEmpty() ? own : minUpstream;
    }

    /** The highest event time this task has seen. */
    public long highest() {
        return own;
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
}
