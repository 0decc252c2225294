package io.flagstream.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Output that cannot be written: a record that does not serialize or that the broker refuses for itself (too
 * large, invalid) goes to the dead-letter topic as PRODUCTION, with the input that caused it, and the task goes
 * on. Transient broker errors are retried; anything else (authorization, a fenced producer) still fails the
 * client, because it is a deployment problem that no single record causes.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private HandlerDeadLetters letters;

    @Override
    public void configure(Map<String, ?> configs) {
        letters = HandlerDeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            String reason = "could not write to " + record.topic() + ": " + HandlerDeadLetters.reason(context, exception);
            log.error("Output record dead-lettered: {}", reason);
            return Response.resume(letters.of(context, record.key(), record.value(), DeadLetters.PRODUCTION, reason));
        }
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        String value = String.valueOf(record.value());
        String reason = "could not serialize the " + origin.name().toLowerCase() + " of a record for " + record.topic()
                + ": " + HandlerDeadLetters.reason(context, exception) + "; value: " + value;
        log.error("Output record dead-lettered: {}", reason);
        return Response.resume(letters.of(context, String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8),
                context.sourceRawValue(), DeadLetters.PRODUCTION, reason));
    }
}
