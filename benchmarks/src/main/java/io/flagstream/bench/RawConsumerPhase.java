package io.flagstream.bench;

import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 2, the raw limit: one plain consumer (no group, assigned every input partition) reads the three
 * input topics from the beginning to their end offsets and deserializes every value with the topic's
 * {@code AvroWireSerde}. No processing, no commit, no output.
 */
final class RawConsumerPhase {
    private RawConsumerPhase() {
    }

    static Results.Throughput run(String bootstrap, Topics topics, Duration timeout) {
        Map<String, Deserializer<?>> deserializers = Map.of(
                topics.payouts().name(), deserializer(topics.payouts()),
                topics.logins().name(), deserializer(topics.logins()),
                topics.accountChanges().name(), deserializer(topics.accountChanges()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Loader.inputNames(topics)) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            long begin = System.nanoTime();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long expected = ends.values().stream().mapToLong(Long::longValue).sum();
            long deadline = begin + timeout.toNanos();
            long read = 0;
            long checksum = 0;
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new PhaseTimeoutException("raw consumer", timeout, "read " + read + " of " + expected + " records");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Object value = deserializers.get(r.topic()).deserialize(r.topic(), r.value());
                    checksum += value.hashCode() & 1; // keep the JIT from discarding the decoded record
                    read++;
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            return new Results.Throughput("raw limit (plain consumer + AvroWireSerde)", Results.OK,
                    "1 consumer, " + partitions.size() + " partitions (checksum " + checksum + ")", read, seconds, read / seconds);
        }
    }

    private static Deserializer<?> deserializer(Topic<String, ?> topic) {
        return topic.valueSerde().deserializer();
    }
}
