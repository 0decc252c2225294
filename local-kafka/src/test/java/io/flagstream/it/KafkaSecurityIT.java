package io.flagstream.it;

import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.testing.SelfSignedCertificate;
import io.flagstream.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app against a broker that accepts clients only over SASL_SSL with SCRAM-SHA-512 and a self-signed
 * certificate made for this run. The test itself sets up topics and events over the broker's PLAINTEXT
 * listener; the app is given only the SASL_SSL one.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaSecurityIT {
    private static final String PASSWORD = "changeit";
    private static final String APP_USER = "flagstream-app";
    private static final String APP_PASSWORD = "app-secret-0123456789";
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    @TempDir
    static Path dir;
    static Path trustStore;
    static EmbeddedKafka kafka;
    static LocalSchemaRegistryServer registry;
    static Environment plain;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, PASSWORD);
        trustStore = cert.writeTrustStore(dir.resolve("trust.p12"));
        kafka = EmbeddedKafka.builder().saslSslListener(cert.keyStore(), PASSWORD, Map.of(APP_USER, APP_PASSWORD)).start();
        registry = new LocalSchemaRegistryServer().start();
        plain = new Environment(kafka.bootstrapServers(), registry.url(), List.of());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theAppWithTheRightCredentialsProcessesEvents(@TempDir Path stateDir) throws Exception {
        FlagStreamConfig config = config(APP_PASSWORD, stateDir);
        TopicNames names = config.topics();
        ItKafka.createAppTopics(kafka.admin(), names, 1);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url())));

        try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = ItKafka.producer(plain);
             TopicReader<FraudAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), topics.alerts())) {
            for (int i = 1; i <= 3; i++) {
                send(producer, topics, payout("acct-" + i).to("wallet-shared").at(T0.plus(ofMinutes(i)))).get(10, TimeUnit.SECONDS);
            }

            await("FlagStream reaches RUNNING over SASL_SSL").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
            await("an A16 alert produced by the app over SASL_SSL").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> alerts.poll().stream().anyMatch(r -> "wallet-shared".equals(r.value().getEntity().getId())));
        }
    }

    @Test
    void aWrongPasswordStopsStartUpWithOneLineNamingTheSetting(@TempDir Path stateDir) {
        FlagStreamConfig config = config("not-the-password", stateDir);
        ItKafka.createAppTopics(kafka.admin(), config.topics(), 1);

        assertThatThrownBy(() -> FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), Clock.systemUTC()).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: flagstream.kafka.sasl.jaas.config was refused by the brokers")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("not-the-password"));
    }

    private static FlagStreamConfig config(String password, Path stateDir) {
        Map<String, String> settings = ItKafka.settings(plain, "sec-" + UUID.randomUUID().toString().substring(0, 8), "at_least_once", stateDir);
        settings.put("flagstream.bootstrap.servers", kafka.saslSslBootstrapServers());
        settings.put("flagstream.kafka.security.protocol", "SASL_SSL");
        settings.put("flagstream.kafka.sasl.mechanism", "SCRAM-SHA-512");
        settings.put("flagstream.kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + APP_USER + "\" password=\"" + password + "\";");
        settings.put("flagstream.kafka.ssl.truststore.location", trustStore.toString());
        settings.put("flagstream.kafka.ssl.truststore.password", PASSWORD);
        settings.put("flagstream.kafka.ssl.truststore.type", "PKCS12");
        return ConfigLoader.load(settings, Map.of());
    }

}
