package io.flagstream.errors;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.TopicNames;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.serde.SchemaRegistryException;
import io.flagstream.testing.TestClock;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three Kafka Streams exception handlers, built by Kafka from the Streams properties as the app sets them:
 * each turns the failing record into one {@link DeadLetter} on the dead-letter topic and resumes, so no record
 * can stop the client; only deployment problems still fail it.
 */
class DeadLetterHandlersTest {
    private static final byte[] KEY = "acct-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0, 0, 0, 0, 42, 1, 2, 3};

    private final Topics topics = Topics.create(names(), new InMemorySchemaRegistry());
    private final StreamsConfig streamsConfig = streamsConfig();

    @Test
    void aRecordNoSourceCanReadIsDeadLetteredAndTheTaskResumes() {
        DeserializationExceptionHandler handler = streamsConfig.deserializationExceptionHandler();

        var response = handler.handleError(context("t-alerts", "alerts-source"),
                new ConsumerRecord<>("t-alerts", 2, 17L, KEY, VALUE), new SerializationException("Unknown magic byte!"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        DeadLetter letter = only(response.deadLetterQueueRecords());
        assertThat(letter.getErrorType()).isEqualTo(DeadLetters.DESERIALIZATION);
        assertThat(letter.getSourceTopic()).isEqualTo("t-alerts");
        assertThat(letter.getPartition()).isEqualTo(2);
        assertThat(letter.getOffset()).isEqualTo(17L);
        assertThat(letter.getReason()).contains("alerts-source", "Unknown magic byte!");
        assertThat(bytes(letter.getValue())).isEqualTo(VALUE);
        assertThat(letter.getFailedAt()).isEqualTo(Times.NOW);
    }

    @Test
    void aProcessorThrowingDeadLettersTheSourceRecordAndTheTaskResumes() {
        ProcessingExceptionHandler handler = streamsConfig.processingExceptionHandler();

        var response = handler.handleError(context("t-payouts", "a16-detect"), new Record<>("acct-1", "x", 5L),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        DeadLetter letter = only(response.deadLetterQueueRecords());
        assertThat(letter.getErrorType()).isEqualTo(DeadLetters.PROCESSING);
        assertThat(letter.getReason()).isEqualTo("in a16-detect: IllegalStateException: boom");
        assertThat(bytes(letter.getKey())).isEqualTo(KEY);
        assertThat(bytes(letter.getValue())).isEqualTo(VALUE);
    }

    @Test
    void aRecordUnreadableOnlyBecauseTheRegistryIsDownFailsTheClientInsteadOfBeingDeadLettered() {
        Exception outage = new StreamsException("registry unreachable for 5m",
                SchemaRegistryException.unavailable("connect timed out", null));
        Exception unknownSchema = new SerializationException("no schema", new SchemaRegistryException("id 42 not found", 404, 40403));

        var processing = streamsConfig.processingExceptionHandler()
                .handleError(context("t-payouts", "payouts-decode"), new Record<>("acct-1", "x", 5L), outage);
        var deserialization = streamsConfig.deserializationExceptionHandler()
                .handleError(context("t-alerts", "alerts-source"), new ConsumerRecord<>("t-alerts", 2, 17L, KEY, VALUE), outage);
        var notFound = streamsConfig.deserializationExceptionHandler()
                .handleError(context("t-alerts", "alerts-source"), new ConsumerRecord<>("t-alerts", 2, 17L, KEY, VALUE), unknownSchema);

        assertThat(processing.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(deserialization.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(notFound.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    }

    @Test
    void outputTheBrokerRefusesIsDeadLetteredCutToFitTransientErrorsAreRetriedAndDeploymentErrorsFail() {
        ProductionExceptionHandler handler = streamsConfig.productionExceptionHandler();
        byte[] huge = new byte[2 * HandlerDeadLetters.MAX_VALUE_BYTES];
        ProducerRecord<byte[], byte[]> alert = new ProducerRecord<>("t-alerts", KEY, huge);

        var tooLarge = handler.handleError(context("t-payouts", "a16-alerts-sink"), alert, new RecordTooLargeException("too big"));
        var timeout = handler.handleError(context("t-payouts", "a16-alerts-sink"), alert, new TimeoutException("slow"));
        var denied = handler.handleError(context("t-payouts", "a16-alerts-sink"), alert, new TopicAuthorizationException(Set.of("t-alerts")));

        assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter letter = only(tooLarge.deadLetterQueueRecords());
        assertThat(letter.getErrorType()).isEqualTo(DeadLetters.PRODUCTION);
        assertThat(letter.getReason()).contains("could not write to t-alerts", "too big", "value cut to its first");
        assertThat(letter.getValue().remaining()).isEqualTo(HandlerDeadLetters.MAX_VALUE_BYTES);
        assertThat(timeout.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(denied.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void outputThatDoesNotSerializeIsDeadLetteredWithTheInputThatCausedIt() {
        ProductionExceptionHandler handler = streamsConfig.productionExceptionHandler();

        var response = handler.handleSerializationError(context("t-payouts", "a16-alerts-sink"),
                new ProducerRecord<>("t-alerts", "alert-1", "not an alert"), new SerializationException("scale 3 > 2"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter letter = only(response.deadLetterQueueRecords());
        assertThat(letter.getReason()).contains("could not serialize the value", "scale 3 > 2", "not an alert");
        assertThat(bytes(letter.getValue())).isEqualTo(VALUE);
    }

    private DeadLetter only(List<ProducerRecord<byte[], byte[]>> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo(topics.deadLetter().name());
        return topics.deadLetter().valueSerde().deserializer().deserialize(topics.deadLetter().name(), records.get(0).value());
    }

    private StreamsConfig streamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        HandlerDeadLetters.install(props, topics.deadLetter(), new TestClock(Times.NOW));
        return new StreamsConfig(props);
    }

    private static TopicNames names() {
        Map<String, String> settings = new HashMap<>(TopologyFixture.baseSettings("handlers"));
        settings.putAll(TopicNames.prefixedSettings("t-"));
        return ConfigLoader.load(settings, Map.of()).topics();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    private static ErrorHandlerContext context(String topic, String node) {
        return new ErrorHandlerContext() {
            @Override public String topic() { return topic; }
            @Override public int partition() { return 2; }
            @Override public long offset() { return 17L; }
            @Override public Headers headers() { return new RecordHeaders(); }
            @Override public String processorNodeId() { return node; }
            @Override public TaskId taskId() { return new TaskId(0, 2); }
            @Override public long timestamp() { return Times.T0.toEpochMilli(); }
            @Override public byte[] sourceRawKey() { return KEY; }
            @Override public byte[] sourceRawValue() { return VALUE; }
        };
    }
}
