package io.flagstream.it;

import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the themed scenarios of {@link FlagStreamScenarios} share: the class's cluster and registry, the event time
 * and wall clock of every scenario, and the steps they all take (a run's settings, topics and producer; starting
 * the app; waiting until it has processed every input).
 */
abstract class ScenarioBase {
    /** Partitions of every input topic: more than one, so co-partitioning and the re-key are exercised. */
    static final int PARTITIONS = 3;
    /**
     * Event time of the scenarios: yesterday, not the unit tests' fixed date. On a real broker, records whose
     * timestamps lie months back are deleted early by time-based retention of the changelogs, and under
     * exactly-once that makes the broker forget producer state and abort transactions.
     */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    /** Generous: an exactly-once start with every detector's changelogs takes tens of seconds on a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofMillis(100);
    /** The app's wall clock (alert detectedAt, dead letter failedAt): fixed, so the records are predictable. */
    static final Instant NOW = T0.plus(ofDays(1));
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final String A16 = SharedPayoutInstrumentDetector.ID;
    static final String A17 = PaymentMethodChurnDetector.ID;

    private final Environment environment;
    private final Admin admin;

    /** @param environment the cluster and registry of the test class; {@code admin} is a client of that cluster */
    ScenarioBase(Environment environment, Admin admin) {
        this.environment = environment;
        this.admin = admin;
    }

    Environment environment() {
        return environment;
    }

    Admin admin() {
        return admin;
    }

    /** Settings for one test: its own topics, application id and state directory; health port 0. */
    FlagStreamConfig config(String guarantee, Path stateDir) {
        return ConfigLoader.load(settings(guarantee, stateDir), Map.of());
    }

    Map<String, String> settings(String guarantee, Path stateDir) {
        return settings(newRun(), guarantee, stateDir);
    }

    static String newRun() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The settings of one instance of the run's application: the run's topics and application id. */
    Map<String, String> settings(String run, String guarantee, Path stateDir) {
        return ItKafka.settings(environment, run, guarantee, stateDir);
    }

    /** The test's own HTTP client to the registry the app uses: it registers the input schemas, the app the output ones. */
    HttpSchemaRegistryClient registry() {
        return new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl()));
    }

    /** The run's topics, created on the cluster, with serdes through {@link #registry()}. */
    Topics createAppTopics(TopicNames names) {
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        return Topics.create(names, registry());
    }

    KafkaProducer<String, byte[]> producer() {
        return ItKafka.producer(environment);
    }

    static FlagStreamApp start(FlagStreamConfig config) {
        return FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
    }

    static void awaitRunning(FlagStreamApp app, FlagStreamConfig config) {
        await("FlagStream (" + config.kafka().applicationId() + ") reaches RUNNING")
                .atMost(WAIT).pollInterval(POLL)
                .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
    }

    /** Waits until the app committed every input record and the alert and dead-letter topics are read to their end. */
    void awaitAllProcessed(FlagStreamConfig config, List<String> inputs, TopicReader<?>... outputs) {
        await("consumer group " + config.kafka().applicationId() + " committed every input and repartition record")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ProgressWatcher.lag(admin, config.kafka().applicationId(), inputs), lag -> lag == 0);
        await("the output topics read to their end").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> Arrays.stream(outputs).allMatch(TopicReader::readToEnd));
    }

    List<String> registeredSubjects() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(environment.schemaRegistryUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /subjects").isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    /** "rule entity-type entity-id" of each alert record. */
    static Set<String> entities(List<ConsumerRecord<String, FraudAlert>> alerts) {
        return alerts.stream()
                .map(r -> r.value().getRuleId() + " " + r.value().getEntity().getType() + " " + r.value().getEntity().getId())
                .collect(Collectors.toSet());
    }

    static FraudAlert alert(List<FraudAlert> alerts, String ruleId, String entityId) {
        return alerts.stream()
                .filter(a -> a.getRuleId().equals(ruleId) && a.getEntity().getId().equals(entityId))
                .findFirst().orElseThrow(() -> new AssertionError("no " + ruleId + " alert for " + entityId + " in " + alerts));
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
