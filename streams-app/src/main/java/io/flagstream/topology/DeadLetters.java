package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the dead letter of a record that could not be used: where it came from, why, and its raw bytes. */
public final class DeadLetters {
    public static final String DESERIALIZATION = "DESERIALIZATION";
    public static final String VALIDATION = "VALIDATION";
    /** A valid event older than what a detector's state still holds (see DetectorProcessor). */
    public static final String LATE = "LATE";

    private DeadLetters() {
    }

    public static DeadLetter of(RecordMetadata source, long recordTimestamp, String key, byte[] value,
                                String errorType, String reason, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source == null ? "" : source.topic())
                .setPartition(source == null ? -1 : source.partition())
                .setOffset(source == null ? -1 : source.offset())
                .setRecordTimestamp(Instant.ofEpochMilli(recordTimestamp))
                .setErrorType(errorType)
                .setReason(reason)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setFailedAt(failedAt)
                .build();
    }

    /** The exception's message with its causes, as a reason. */
    public static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            sb.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
            e = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }
}
