package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.errors.DeadLetters;
import io.flagstream.serde.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns raw input bytes into events. The sources read bytes, not Avro, on purpose: a record that does not
 * decode or validate must reach the dead-letter topic with its topic, partition, offset and reason, and the
 * app must go on, which a failing deserializer in the source cannot give us.
 *
 * <p>A good event is forwarded with its own event timestamp as record time, so every window downstream runs
 * on event time. The key is never changed (records keyed by anything but their account id are refused), so
 * this is a fixed-key processor and account-keyed joins and aggregations downstream need no repartition.
 */
final class InputDecoder<T> extends ContextualFixedKeyProcessor<String, byte[], Decoded<T>> {
    static final String DESERIALIZATION = DeadLetters.DESERIALIZATION;
    static final String VALIDATION = DeadLetters.VALIDATION;

    private final Deserializer<T> deserializer;
    private final Function<T, List<String>> validator;
    private final Function<T, String> accountOf;
    private final ToLongFunction<T> eventTimeOf;
    private final Clock clock;
    private final RegistryOutageWait outageWait;

    InputDecoder(Deserializer<T> deserializer, Function<T, List<String>> validator,
                 Function<T, String> accountOf, ToLongFunction<T> eventTimeOf, Clock clock, RegistryOutageWait outageWait) {
        this.deserializer = deserializer;
        this.validator = validator;
        this.accountOf = accountOf;
        this.eventTimeOf = eventTimeOf;
        this.clock = clock;
        this.outageWait = outageWait;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String topic = context().recordMetadata().map(RecordMetadata::topic).orElse("");
        T event;
        try {
            // A registry outage is not the record's fault: wait it out rather than dead-letter a good event.
            event = outageWait.decode(topic, () -> deserializer.deserialize(topic, record.value()));
        } catch (StreamsException outageTooLong) {
            throw outageTooLong;
        } catch (RuntimeException e) {
            deadLetter(record, DESERIALIZATION, DeadLetters.rootMessage(e));
            return;
        }
        if (event == null) {
            deadLetter(record, VALIDATION, "record has no value (tombstone); input topics carry events only");
            return;
        }
        List<String> problems;
        try {
            problems = validator.apply(event);
        } catch (RuntimeException e) {
            problems = List.of("unreadable field: " + DeadLetters.rootMessage(e));
        }
        String account = problems.isEmpty() ? accountOf.apply(event) : null;
        if (problems.isEmpty() && !account.equals(record.key())) {
            // A wrong key means a wrong partition: account-keyed joins and windows would silently miss it.
            problems = List.of(record.key() == null
                    ? "record has no key; input topics must be keyed by accountId ('" + account + "')"
                    : "record key '" + record.key() + "' differs from accountId '" + account + "'");
        }
        if (!problems.isEmpty()) {
            deadLetter(record, VALIDATION, String.join("; ", problems));
            return;
        }
        context().forward(record.withValue(Decoded.ok(event)).withTimestamp(eventTimeOf.applyAsLong(event)));
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, String errorType, String reason) {
        DeadLetter letter = DeadLetters.of(context().recordMetadata().orElse(null), record.timestamp(), record.key(),
                record.value(), errorType, reason, clock.instant());
        context().forward(record.withValue(Decoded.<T>failed(letter)));
    }
}
