package io.flagstream.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.flagstream.serde.SchemaRegistryException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A record a source cannot deserialize (e.g. a foreign record on the alerts topic, which is read back for risk
 * and clusters) goes to the dead-letter topic as DESERIALIZATION and the task goes on. Kafka's default fails the
 * client, and since the offset is never committed every instance would die on the same record in turn. A record
 * that could not be read only because the schema registry is down is good: that fails the client instead, which
 * resumes from the last commit, that record included, once restarted.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private HandlerDeadLetters letters;

    @Override
    public void configure(Map<String, ?> configs) {
        letters = HandlerDeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (SchemaRegistryException.causedByOutage(exception)) {
            log.error("Schema registry unreachable reading {}-{}@{}; stopping without skipping the record",
                    record.topic(), record.partition(), record.offset(), exception);
            return Response.fail();
        }
        String reason = HandlerDeadLetters.reason(context, exception);
        log.warn("Unreadable record {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), reason);
        return Response.resume(letters.of(context, record.key(), record.value(), DeadLetters.DESERIALIZATION, reason));
    }
}
