package io.flagstream.errors;

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
    /** A processor threw on the record (a bug, or an input nobody foresaw); see io.flagstream.errors. */
    public static final String PROCESSING = "PROCESSING";
    /** The output the record caused could not be serialized or was refused by the broker. */
    public static final String PRODUCTION = "PRODUCTION";
    /** A record of the live-state topic this instance cannot read (it is skipped). */
    public static final String LIVE_STATE = "LIVE_STATE";

    private DeadLetters() {
    }

    public static DeadLetter of(RecordMetadata source, long recordTimestamp, String key, byte[] value,
                                String errorType, String reason, Instant failedAt) {
        return of(source == null ? "" : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), recordTimestamp, key, value, errorType, reason, failedAt);
    }

    public static DeadLetter of(String sourceTopic, int partition, long offset, long recordTimestamp, String key,
                                byte[] value, String errorType, String reason, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic == null ? "" : sourceTopic)
                .setPartition(partition)
                .setOffset(offset)
                .setRecordTimestamp(recordTimestamp < 0 ? null : Instant.ofEpochMilli(recordTimestamp))
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
