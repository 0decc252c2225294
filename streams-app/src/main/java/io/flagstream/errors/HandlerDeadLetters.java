package io.flagstream.errors;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.topics.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the three Kafka Streams exception handlers share: the dead-letter topic (with our Avro serde, so a dead
 * letter from a handler reads like one from the decoder) and how a failure becomes one of its records.
 *
 * <p>Kafka instantiates the handlers by class name and configures them with the Streams properties, so
 * {@link #install} puts the topic and clock there as objects under {@link #CONFIG}. KIP-1034's built-in dead
 * letters ({@code errors.dead.letter.queue.topic.name}) would write the raw record with exception headers
 * instead: a foreign format on a topic whose consumers read {@link DeadLetter}s, hence our own handlers
 * returning {@code resume(records)}, the KIP-1034 API.
 */
public final class HandlerDeadLetters {
    /** The Streams property that carries this object to the handlers. */
    public static final String CONFIG = "flagstream.internal.handler-dead-letters";
    /** Raw values kept in a dead letter: the letter itself must fit a Kafka record (1 MB by default). */
    static final int MAX_VALUE_BYTES = 256 * 1024;
    static final int MAX_REASON_CHARS = 4096;

    private final Topic<String, DeadLetter> topic;
    private final Clock clock;

    HandlerDeadLetters(Topic<String, DeadLetter> topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
    }

    /** Sets the three handlers and what they need in the Streams properties. */
    public static void install(Properties streamsProperties, Topic<String, DeadLetter> deadLetters, Clock clock) {
        streamsProperties.put(CONFIG, new HandlerDeadLetters(deadLetters, clock));
        streamsProperties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        streamsProperties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        // Not for the global thread (its setting is deprecated in 4.4 and Kafka drops dead letters from it anyway):
        // the live-state reader catches and dead-letters its own failures, see LiveStateDeadLetters.
    }

    static HandlerDeadLetters from(Map<String, ?> configs) {
        Object value = configs.get(CONFIG);
        if (value instanceof HandlerDeadLetters letters) {
            return letters;
        }
        throw new ConfigException(CONFIG, value, "the dead-letter handlers need HandlerDeadLetters.install(...) on the Streams properties");
    }

    /** One dead letter for the failed record: raw key and value (capped), where it came from, and why. */
    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, byte[] rawKey, byte[] rawValue,
                                           String errorType, String reason) {
        byte[] value = rawValue;
        String why = reason;
        if (value != null && value.length > MAX_VALUE_BYTES) {
            why = why + " (value cut to its first " + MAX_VALUE_BYTES + " of " + value.length + " bytes)";
            value = Arrays.copyOf(value, MAX_VALUE_BYTES);
        }
        if (why.length() > MAX_REASON_CHARS) {
            why = why.substring(0, MAX_REASON_CHARS) + "…";
        }
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.of(context.topic(), context.partition(), context.offset(), context.timestamp(),
                key, value, errorType, why, clock.instant());
        byte[] letterBytes = topic.valueSerde().serializer().serialize(topic.name(), letter);
        return List.of(new ProducerRecord<>(topic.name(), null, context.timestamp() < 0 ? null : context.timestamp(),
                rawKey, letterBytes));
    }

    /** Where in the topology it failed, then the exception chain. */
    static String reason(ErrorHandlerContext context, Exception e) {
        String node = context.processorNodeId() == null ? "" : "in " + context.processorNodeId() + ": ";
        return node + DeadLetters.rootMessage(e);
    }
}
