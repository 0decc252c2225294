package io.flagstream.it;

import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.errors.DeadLetters;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the app cannot read, where Kafka's defaults would stop it at every start of every instance (issue 12):
 * a foreign record on the alerts topic (read back for risk and clusters through a deserializing source) and bad
 * bytes on the live-state topic (read by the global thread, before start-up and while running). On a real broker,
 * exactly-once: each becomes a dead letter with its reason, the app stays RUNNING and still raises alerts, and a
 * restart with the bad records still in place comes up again.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UnreadableRecordsIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String BAD_AT_START = "allow-list:instrument:wallet-bad-at-start";
    private static final String BAD_WHILE_RUNNING = "allow-list:instrument:wallet-bad-while-running";

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
    void aForeignAlertAndBadLiveStateBytesAreDeadLetteredAndTheAppKeepsRunningAndRestarts(@TempDir Path stateDir) throws Exception {
        String run = "unreadable-" + UUID.randomUUID().toString().substring(0, 8);
        FlagStreamConfig config = ConfigLoader.load(ItKafka.settings(environment, run, "exactly_once_v2", stateDir), Map.of());
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin, names, 3);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));

        try (KafkaProducer<String, byte[]> producer = ItKafka.producer(environment);
             // Raw bytes: the foreign record this test writes on the alerts topic would stop a deserializing consumer.
             TopicReader<byte[]> alerts = new TopicReader<>(environment.bootstrapServers(),
                     new Topic<>(names.alerts(), Serdes.String(), Serdes.ByteArray()));
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment.bootstrapServers(), topics.deadLetter())) {
            producer.send(new ProducerRecord<>(names.liveState(), BAD_AT_START, new byte[]{(byte) 0xff, 0x13})).get();

            try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK)) {
                awaitRunning(app);
                producer.send(new ProducerRecord<>(names.alerts(), "foreign-1", "not an alert".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(names.liveState(), BAD_WHILE_RUNNING, new byte[]{(byte) 0xff, 0x00})).get();
                for (var p : List.of(
                        payout("acct-u1").to("wallet-u").at(T0),
                        payout("acct-u2").to("wallet-u").at(T0.plus(ofHours(1))),
                        payout("acct-u3").to("wallet-u").at(T0.plus(ofHours(2))))) {
                    send(producer, topics, p).get();
                }

                await("an A16 alert for wallet-u after the unreadable records").atMost(WAIT).pollInterval(POLL).until(() ->
                        readable(alerts, topics).stream().anyMatch(a -> a.getRuleId().equals(SharedPayoutInstrumentDetector.ID)
                                && a.getEntity().getId().equals("wallet-u")));
                await("dead letters for the foreign alert and both live-state records").atMost(WAIT).pollInterval(POLL).until(() -> {
                    List<DeadLetter> letters = deadLetters.poll().stream().map(r -> r.value()).toList();
                    return letters.stream().anyMatch(d -> d.getErrorType().equals(DeadLetters.DESERIALIZATION)
                                    && d.getSourceTopic().equals(names.alerts()) && d.getReason().contains("alerts-source"))
                            && letters.stream().anyMatch(d -> isLiveState(d, BAD_AT_START))
                            && letters.stream().anyMatch(d -> isLiveState(d, BAD_WHILE_RUNNING));
                });
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }

            // A clean close leaves the group at once (no static membership here): nobody waits 45 s for this member.
            assertThat(admin.describeConsumerGroups(List.of(config.kafka().applicationId())).all().get(30, TimeUnit.SECONDS)
                    .get(config.kafka().applicationId()).members()).as("members right after close").isEmpty();

            // The bad records are still on both topics: a restart under the same application id must come up again.
            long restart = System.nanoTime();
            try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK)) {
                awaitRunning(app);
                System.out.printf("Restart to RUNNING (same application id, after a clean close): %d ms%n",
                        Duration.ofNanos(System.nanoTime() - restart).toMillis());
                send(producer, topics, payout("acct-u4").to("wallet-u").at(T0.plus(ofHours(3)))).get();
                await("the A16 alert revised with the fourth account after the restart").atMost(WAIT).pollInterval(POLL).until(() ->
                        readable(alerts, topics).stream().anyMatch(a -> a.getEntity().getId().equals("wallet-u")
                                && a.getAccounts().contains("acct-u4")));
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    /** The alerts read so far, without the foreign record. */
    private static List<FraudAlert> readable(TopicReader<byte[]> alerts, Topics topics) {
        List<FraudAlert> readable = new ArrayList<>();
        for (var record : alerts.poll()) {
            try {
                FraudAlert alert = topics.alerts().valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (alert != null) {
                    readable.add(alert);
                }
            } catch (SerializationException e) {
                // the foreign record
            }
        }
        return readable;
    }

    private static boolean isLiveState(DeadLetter letter, String key) {
        return letter.getErrorType().equals(DeadLetters.LIVE_STATE)
                && letter.getKey() != null && StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString().equals(key);
    }

    private static void awaitRunning(FlagStreamApp app) {
        await("FlagStream reaches RUNNING").atMost(WAIT).pollInterval(POLL)
                .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
    }
}
