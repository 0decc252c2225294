package io.flagstream.errors;

import io.flagstream.serde.SchemaRegistryException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A processor that throws on one record (KIP-1033) sends that record's input, as read from its source topic, to
 * the dead-letter topic as PROCESSING, and the task goes on with the next record. Failing instead would stop the
 * client on a record it can never get past: every restart, and every instance that takes the task over, would
 * stop on it again. Logged at ERROR: it is a bug or an input we did not foresee, and the dead letter keeps it.
 *
 * <p>The one exception is a schema registry outage that outlasted {@code RegistryOutageWait}: the record is good,
 * so it fails the client instead, which restarts from the last commit with that record (docs/design.md, "Reliability").
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private HandlerDeadLetters letters;

    @Override
    public void configure(Map<String, ?> configs) {
        letters = HandlerDeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (SchemaRegistryException.causedByOutage(exception)) {
            log.error("Schema registry unreachable on {}-{}@{}; stopping without skipping the record", context.topic(),
                    context.partition(), context.offset(), exception);
            return Response.fail();
        }
        String reason = HandlerDeadLetters.reason(context, exception);
        log.error("Processing failed on {}-{}@{}; the record is dead-lettered: {}", context.topic(), context.partition(),
                context.offset(), reason, exception);
        return Response.resume(letters.of(context, context.sourceRawKey(), context.sourceRawValue(),
                DeadLetters.PROCESSING, reason));
    }
}
