package io.flagstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks that {@link EmbeddedKafka} is a working broker: topics with several partitions, a consumer
 * group (group coordinator and {@code __consumer_offsets}) and transactions (transaction coordinator and
 * {@code __transaction_state}), which are exactly what hang on one broker without the single-broker
 * settings. One broker for the whole class.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void createsTopicsWithTheRequestedPartitionsAndIsIdempotent() throws Exception {
        kafka.createTopics(3, "topics-a", "topics-b");
        kafka.createTopics(3, "topics-a");

        Map<String, TopicDescription> topics = kafka.admin().describeTopics(List.of("topics-a", "topics-b"))
                .allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        assertThatThrownBy(() -> kafka.createTopics(1, "topics-a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 partitions");
    }

    @Test
    void consumerGroupReadsEveryPartitionAndCommitsOffsets() throws Exception {
        String topic = "group-test";
        String group = "group-test-consumers";
        kafka.createTopics(3, topic);
        int count = 30;
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(group, "read_uncommitted")) {
            consumer.subscribe(List.of(topic));
            await("all " + count + " records consumed by group " + group)
                    .atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        return received.size() >= count;
                    });
            consumer.commitSync(Duration.ofSeconds(10));
        }

        assertThat(received).hasSize(count);
        assertThat(received.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .as("records spread over all partitions").isEqualTo(Set.of(0, 1, 2));
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .as("offsets committed through the group coordinator").isEqualTo(count);
    }

    @Test
    void transactionalProducerCommitsAndAbortsForReadCommittedConsumers() {
        String topic = "transactions-test";
        kafka.createTopics(3, topic);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "transactions-test-producer"))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted", "never-seen"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "committed-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }

        Map<String, String> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer("transactions-test-consumers", "read_committed")) {
            consumer.subscribe(List.of(topic));
            await("the committed transaction visible to a read_committed consumer")
                    .atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> received.put(r.key(), r.value()));
                        return received.size() >= 3;
                    });
            // Read once more past the commit markers: the aborted record must still not appear.
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.put(r.key(), r.value()));
        }

        assertThat(received).containsOnly(
                Map.entry("committed-0", "value-0"),
                Map.entry("committed-1", "value-1"),
                Map.entry("committed-2", "value-2"));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String groupId, String isolationLevel) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
