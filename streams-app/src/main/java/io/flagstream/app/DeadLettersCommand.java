package io.flagstream.app;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * {@code dead-letters list} and {@code dead-letters resend}: what the app could not use, and sending it again to the
 * topic it came from once the cause is fixed (a producer bug fixed upstream, a bound raised, the registry back).
 * The dead-letter topic is read from its start to its current end, without a consumer group. Records are re-sent
 * as they were (key and value bytes) and only to the topics the app reads as input (events, config, allow-list, watch-list):
 * never to its own alerts or live-state topics, whose dead letters are for reading.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List dead letters, or re-send them to their source topic.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Resend.class})
final class DeadLettersCommand {
    private static final Duration POLL = Duration.ofMillis(200);

    /** Which dead letters a subcommand acts on; every filter given must match. */
    abstract static class Selection extends FlagStreamCli.WithConfig {
        @Option(names = "--error-type", description = "DESERIALIZATION, VALIDATION, LATE, PROCESSING, PRODUCTION, LIVE_STATE, ...")
        String errorType;

        @Option(names = "--source-topic")
        String sourceTopic;

        @Option(names = "--reason-contains", paramLabel = "TEXT")
        String reasonContains;

        boolean selects(DeadLetter letter) {
            return (errorType == null || errorType.equalsIgnoreCase(letter.getErrorType()))
                    && (sourceTopic == null || sourceTopic.equals(letter.getSourceTopic()))
                    && (reasonContains == null || letter.getReason().contains(reasonContains));
        }

        List<DeadLetter> read(FlagStreamConfig config) {
            Topics topics = Topics.create(config.topics(), SchemaRegistryClients.create(config.schemaRegistry()));
            Map<String, Object> props = new HashMap<>(config.kafka().clientOverrides());
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<DeadLetter> selected = new ArrayList<>();
            try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    topics.deadLetter().valueSerde().deserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(config.topics().deadLetter(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                    for (ConsumerRecord<String, DeadLetter> r : consumer.poll(POLL)) {
                        if (r.value() != null && selects(r.value())) {
                            selected.add(r.value());
                        }
                    }
                }
            }
            return selected;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the dead letters, oldest first per partition.")
    static final class ListLetters extends Selection implements Callable<Integer> {
        @Override
        public Integer call() {
            List<DeadLetter> letters = read(FlagStreamCli.load(config));
            PrintStream out = System.out;
            for (DeadLetter d : letters) {
                out.printf("%s %s-%d@%d key=%s %s: %s%n", d.getFailedAt(), d.getSourceTopic(), d.getPartition(), d.getOffset(),
                        text(d.getKey()), d.getErrorType(), d.getReason());
            }
            out.printf("%d dead letter(s)%n", letters.size());
            return 0;
        }
    }

    @Command(name = "resend", mixinStandardHelpOptions = true,
            description = "Send the selected dead letters' records (key and value as received) back to their source topic.")
    static final class Resend extends Selection implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Only print what would be sent.")
        boolean dryRun;

        @Override
        public Integer call() throws InterruptedException {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            Set<String> inputs = resendable(cfg.topics());
            List<DeadLetter> letters = read(cfg);
            Map<String, Object> props = new HashMap<>(cfg.kafka().clientOverrides());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            int sent = 0;
            int skipped = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<Future<?>> acks = new ArrayList<>();
                for (DeadLetter d : letters) {
                    if (!inputs.contains(d.getSourceTopic()) || d.getValue() == null) {
                        System.out.printf("skipped %s-%d@%d: %s%n", d.getSourceTopic(), d.getPartition(), d.getOffset(),
                                d.getValue() == null ? "no value kept" : "not an input topic of the app");
                        skipped++;
                        continue;
                    }
                    System.out.printf("%s %s-%d@%d key=%s%n", dryRun ? "would send" : "sent", d.getSourceTopic(), d.getPartition(),
                            d.getOffset(), text(d.getKey()));
                    if (!dryRun) {
                        acks.add(producer.send(new ProducerRecord<>(d.getSourceTopic(), bytes(d.getKey()), bytes(d.getValue()))));
                    }
                    sent++;
                }
                for (Future<?> ack : acks) {
                    try {
                        ack.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("re-send failed: " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            System.out.printf("%d record(s) %s, %d skipped%n", sent, dryRun ? "to send" : "sent", skipped);
            return 0;
        }
    }

    static Set<String> resendable(TopicNames names) {
        return Set.of(names.payouts(), names.logins(), names.accountChanges(), names.config(), names.allowList(), names.watchList());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    private static String text(ByteBuffer buffer) {
        return buffer == null ? "null" : new String(bytes(buffer), StandardCharsets.UTF_8);
    }
}
