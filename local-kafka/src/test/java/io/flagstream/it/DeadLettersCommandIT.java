package io.flagstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.app.FlagStreamCli;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.errors.DeadLetters;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dead-letters list} and {@code dead-letters resend} on a real broker: the letters are listed with their
 * reasons, and a re-send puts the record's own key and value bytes back on its input topic, never on the app's
 * own output topics.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeadLettersCommandIT {
    private static final byte[] FIXED_LATER = {0, 0, 0, 0, 7, 42};

    private Environment environment;
    private Admin admin;

    @BeforeAll
    void start() {
        environment = Environment.embedded();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers()));
    }

    @AfterAll
    void stop() {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            environment.close();
        }
    }

    @Test
    void listsDeadLettersAndResendsInputRecordsToTheirSourceTopicOnly(@TempDir Path dir) throws Exception {
        String run = "dlcli-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = ItKafka.settings(environment, run, "exactly_once_v2", dir.resolve("state"));
        FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
        TopicNames names = config.topics();
        ItKafka.createTopics(admin, 1, names.payouts(), names.alerts(), names.deadLetter());
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));
        Path file = dir.resolve("app.properties");
        Properties props = new Properties();
        props.putAll(settings);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, null);
        }

        try (KafkaProducer<String, byte[]> producer = ItKafka.producer(environment)) {
            send(producer, topics, DeadLetters.of(names.payouts(), 0, 17, Instant.now().toEpochMilli(), "acct-1", FIXED_LATER,
                    DeadLetters.DESERIALIZATION, "registry down: schema 7 not found", Instant.now()));
            send(producer, topics, DeadLetters.of(names.alerts(), 0, 3, Instant.now().toEpochMilli(), "foreign-1",
                    "not an alert".getBytes(StandardCharsets.UTF_8), DeadLetters.DESERIALIZATION, "unknown magic byte", Instant.now()));
        }

        String listed = cli("dead-letters", "list", "--config", file.toString());
        assertThat(listed).contains(names.payouts() + "-0@17 key=acct-1 DESERIALIZATION: registry down: schema 7 not found",
                names.alerts() + "-0@3 key=foreign-1 DESERIALIZATION: unknown magic byte", "2 dead letter(s)");

        String resent = cli("dead-letters", "resend", "--config", file.toString(), "--error-type", "DESERIALIZATION");
        assertThat(resent).contains("1 record(s) sent, 1 skipped");

        try (TopicReader<byte[]> payouts = new TopicReader<>(environment.bootstrapServers(),
                     new Topic<>(names.payouts(), Serdes.String(), Serdes.ByteArray()));
             TopicReader<byte[]> alerts = new TopicReader<>(environment.bootstrapServers(),
                     new Topic<>(names.alerts(), Serdes.String(), Serdes.ByteArray()))) {
            await("the re-sent record on " + names.payouts()).atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .until(() -> payouts.poll().size() == 1);
            assertThat(payouts.records().get(0).key()).isEqualTo("acct-1");
            assertThat(payouts.records().get(0).value()).isEqualTo(FIXED_LATER);
            assertThat(alerts.readToEnd()).isTrue();
            assertThat(alerts.records()).as("nothing re-sent to the app's own alerts topic").isEmpty();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, DeadLetter letter) throws Exception {
        Topic<String, DeadLetter> topic = topics.deadLetter();
        String key = StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), letter))).get();
    }

    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = FlagStreamCli.commandLine().execute(args);
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        out.println("flagstream " + String.join(" ", args) + ":\n" + text);
        assertThat(exit).as(text).isZero();
        return text;
    }
}
