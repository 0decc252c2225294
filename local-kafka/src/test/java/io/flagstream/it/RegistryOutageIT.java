package io.flagstream.it;

import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.Payout;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes down for 30 seconds while payouts whose writer schema the app has not yet fetched
 * arrive, on a real broker. A registry outage is not bad input: the stream must pause on the record and go on
 * when the registry is back, so no valid event is dead-lettered and every alert is still raised.
 */
@Tag("integration")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RegistryOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    /**
     * Both guarantees: under exactly-once a pause longer than the transaction timeout (10 s in Streams) has the
     * open transaction aborted and the task's records processed again, which must still lose nothing.
     */
    @ParameterizedTest(name = "processing.guarantee={0}")
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void aRegistryOutageMidStreamPausesTheStreamAndDeadLettersNothing(String guarantee, @TempDir Path stateDir)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             LocalSchemaRegistryServer registry = new LocalSchemaRegistryServer().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Environment environment = new Environment(kafka.bootstrapServers(), registry.url(), List.of());
            String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> settings = new java.util.HashMap<>(ItKafka.settings(environment, run, guarantee, stateDir));
            // Short per-call bounds, so the test sees the pause-and-retry path rather than long timeouts.
            settings.put("flagstream.schema.registry.timeout", "1s");
            settings.put("flagstream.schema.registry.retries", "1");
            FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
            TopicNames names = config.topics();
            ItKafka.createAppTopics(admin, names, 3);
            HttpSchemaRegistryClient producerRegistry = new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url()));
            Topics topics = Topics.create(names, producerRegistry);

            try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
                 KafkaProducer<String, byte[]> producer = ItKafka.producer(environment);
                 TopicReader<FraudAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), topics.alerts());
                 TopicReader<DeadLetter> deadLetters = new TopicReader<>(kafka.bootstrapServers(), topics.deadLetter())) {
                await("FlagStream reaches RUNNING").atMost(WAIT)
                        .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);

                // Warm up with account changes only: the app registers its alert schema and knows AccountChange's id.
                List.of(change("acct-churn").added("bank-1").at(T0),
                        change("acct-churn").added("wallet-2").at(T0.plus(ofHours(1))),
                        change("acct-churn").added("wallet-3").at(T0.plus(ofHours(2))),
                        change("acct-churn").removed("bank-1").at(T0.plus(ofHours(3))))
                        .forEach(c -> send(producer, topics, c));
                producer.flush();
                await("the A17 alert before the outage").atMost(WAIT).pollInSameThread()
                        .until(() -> rules(alerts.poll()).contains(PaymentMethodChurnDetector.ID + " acct-churn"));
                // The producers' Payout schema is registered; the app has never fetched its id.
                producerRegistry.register(names.payouts() + "-value", Payout.getClassSchema());

                registry.stop();
                List.of(payout("acct-p1").to("wallet-shared").at(T0.plus(ofHours(4))),
                        payout("acct-p2").to("wallet-shared").at(T0.plus(ofHours(5))),
                        payout("acct-p3").to("wallet-shared").at(T0.plus(ofHours(6))))
                        .forEach(p -> send(producer, topics, p));
                producer.flush();
                long outageEnds = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < outageEnds) {
                    assertThat(app.streams().state()).as("the app keeps running through the outage")
                            .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                    assertThat(deadLetters.poll()).as("nothing dead-lettered during the outage").isEmpty();
                    Thread.sleep(1_000);
                }
                registry.start();

                await("the A16 alert once the registry is back").atMost(WAIT).pollInSameThread()
                        .until(() -> rules(alerts.poll()).contains(SharedPayoutInstrumentDetector.ID + " wallet-shared"));
                await("every input record committed").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> ProgressWatcher.lag(admin, config.kafka().applicationId(),
                                List.of(names.payouts(), names.logins(), names.accountChanges())), lag -> lag == 0);
                await("the dead-letter topic read to its end").atMost(WAIT).pollInSameThread()
                        .until(deadLetters::readToEnd);
                assertThat(deadLetters.values()).as("valid events dead-lettered").isEmpty();
            }
        }
    }

    private static List<String> rules(List<ConsumerRecord<String, FraudAlert>> alerts) {
        return alerts.stream().map(r -> r.value().getRuleId() + " " + r.value().getEntity().getId()).toList();
    }
}
