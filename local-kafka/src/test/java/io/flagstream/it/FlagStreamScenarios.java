package io.flagstream.it;

import static io.flagstream.it.ItKafka.account;
import static io.flagstream.it.ItKafka.eventTime;
import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.app.FlagStreamCli;
import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.DetectorIds;
import io.flagstream.risk.RiskTopology;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountRole;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.live.LiveTopology;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.TopologyFixture;
import io.flagstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end-to-end scenarios: the whole app ({@link FlagStreamApp#start}) against a real Kafka cluster and a
 * Confluent-API schema registry reached over HTTP, fed Avro events through our own serde and read back
 * from the alerts and dead-letter topics. Subclasses say where the cluster and registry come from
 * ({@link #startEnvironment()}): {@link FlagStreamIT} in this JVM. ({@link FlagStreamContainersIT} runs the
 * production image instead, on the same kind of broker and registry.) One environment per class; every test gets its own topics and application id, so tests never
 * see each other's records, state or consumer group.
 *
 * <p>Event times of one scenario span hours, not days: records of different partitions reach a
 * repartition topic in no fixed order, and a detector drops events more than its grace (1 d) behind the
 * newest it has seen. The window arithmetic itself is covered by the detector tests on
 * {@code TopologyTestDriver}; here the point is the plumbing.
 *
 * <p>"Nothing else was raised" is asserted only after the app's consumer group has committed every input
 * and repartition record ({@link ProgressWatcher#lag}): a Streams commit flushes (ALOS) or commits in the
 * same transaction (EOS) everything those records produced, so at that point every alert they cause is
 * readable.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FlagStreamScenarios {

    /** Partitions of every input topic: more than one, so co-partitioning and the re-key are exercised. */
    private static final String API_TOKEN = "it-token-0123456789abcdef";
    private static final int PARTITIONS = 3;
    /** Generous: an exactly-once start with every detector's changelogs takes tens of seconds on a loaded 2-core machine. */
    /**
     * Event time of the scenarios: yesterday, not the unit tests' fixed date. On a real broker, records whose
     * timestamps lie months back are deleted early by time-based retention of the changelogs, and under
     * exactly-once that makes the broker forget producer state and abort transactions.
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The app's wall clock (alert detectedAt, dead letter failedAt): fixed, so the records are predictable. */
    private static final Instant NOW = T0.plus(ofDays(1));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String A16 = DetectorIds.A16;
    private static final String A17 = DetectorIds.A17;
    private static final String WATCH_LIST = DetectorIds.WATCH_LIST;

    /** Starts the cluster and registry that every test of the class shares. */
    protected abstract Environment startEnvironment();

    private Environment environment;
    private Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startEnvironmentOnce() {
        environment = startEnvironment();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers()));
    }

    @AfterAll
    void stopEnvironment() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        } finally {
            if (environment != null) {
                environment.close();
            }
        }
    }

    @ParameterizedTest(name = "processing.guarantee={0}")
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void alertsOnA16AndA17DeadLettersBadRecordsAndKeepsGoing(String guarantee, @TempDir Path stateDir) throws Exception {
        FlagStreamConfig config = config(guarantee, stateDir);
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        // The test's own HTTP client to the same registry: it registers the input schemas, the app the output ones.
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl()));
        Topics topics = Topics.create(names, registry);

        try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
             KafkaProducer<String, byte[]> producer = producer();
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment.bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment.bootstrapServers(), topics.deadLetter())) {

            await("FlagStream (" + config.kafka().applicationId() + ") reaches RUNNING")
                    .atMost(WAIT).pollInterval(POLL)
                    .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
            assertOperatorEndpoints(app);

            // 1. Good events, one timeline in event-time order: two cases that must alert, two just under threshold.
            List<SpecificRecord> events = new ArrayList<>(List.of(
                    // A16: three accounts pay out to one wallet
                    payout("acct-a1").to("wallet-shared").id("a16-p1").at(T0),
                    payout("acct-a2").to("wallet-shared").id("a16-p2").at(T0.plus(ofHours(1))),
                    payout("acct-a3").to("wallet-shared").id("a16-p3").at(T0.plus(ofHours(2))),
                    // A16, just under: two accounts (one of them twice) pay out to another wallet
                    payout("acct-n1").to("wallet-near").at(T0.plus(ofMinutes(30))),
                    payout("acct-n2").to("wallet-near").at(T0.plus(ofMinutes(90))),
                    payout("acct-n1").to("wallet-near").at(T0.plus(ofMinutes(150))),
                    // A17: the account's first instrument (set-up, not a change), then three changes
                    change("acct-churn").added("bank-churn").id("a17-setup").at(T0),
                    change("acct-churn").added("wallet-c2").id("a17-c1").at(T0.plus(ofHours(1))),
                    change("acct-churn").added("wallet-c3").id("a17-c2").at(T0.plus(ofHours(2))),
                    change("acct-churn").removed("bank-churn").id("a17-c3").at(T0.plus(ofHours(3))),
                    // A17, just under: set-up and two changes
                    change("acct-calm").added("bank-calm").at(T0),
                    change("acct-calm").added("bank-calm-2").at(T0.plus(ofHours(1))),
                    change("acct-calm").removed("bank-calm").at(T0.plus(ofHours(2)))));
            events.sort(Comparator.comparing(ItKafka::eventTime));
            events.forEach(e -> send(producer, topics, e));

            // 2. Two records FlagStream cannot use, keyed by accounts whose good payouts follow them below.
            byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
            RecordMetadata corrupt = producer.send(new ProducerRecord<>(names.payouts(), null,
                    T0.plus(ofHours(4)).toEpochMilli(), "acct-b1", garbage)).get(10, TimeUnit.SECONDS);
            Payout negative = payout("acct-b2").to("wallet-after").amount("-10", "USD").id("bad-p1").at(T0.plus(ofHours(4)));
            RecordMetadata invalid = send(producer, topics, negative).get(10, TimeUnit.SECONDS);

            // 3. Later good events on the same accounts (so the same partitions): processing must go on. The last
            //    comes from a producer that has meanwhile added an optional field to its schema (a new registry version).
            send(producer, topics, payout("acct-b1").to("wallet-after").id("after-p1").at(T0.plus(ofHours(5))));
            send(producer, topics, payout("acct-b2").to("wallet-after").id("after-p2").at(T0.plus(ofHours(6))));
            ItKafka.sendWithNewerSchema(producer, registry, names.payouts(),
                    payout("acct-b3").to("wallet-after").id("after-p3").at(T0.plus(ofHours(7))));
            producer.flush();

            await("A16 alerts for wallet-shared and wallet-after and the A17 alert for acct-churn on " + names.alerts())
                    .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> entities(alerts.poll()).containsAll(Set.of(
                            A16 + " instrument wallet-shared", A16 + " instrument wallet-after", A17 + " account acct-churn",
                            // each wallet's three payers form a linked-accounts cluster (risk 3 x 10 >= 20)
                            RiskTopology.CLUSTER_RULE_ID + " cluster acct-a1", RiskTopology.CLUSTER_RULE_ID + " cluster acct-b1")));
            await("2 dead letters on " + names.deadLetter())
                    .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> deadLetters.poll().size() >= 2);
            await("consumer group " + config.kafka().applicationId() + " committed every input and repartition record")
                    .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ProgressWatcher.lag(admin, config.kafka().applicationId(),
                            List.of(names.payouts(), names.logins(), names.accountChanges())), lag -> lag == 0);
            await("the alert and dead-letter topics read to their end")
                    .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> alerts.readToEnd() && deadLetters.readToEnd());

            // Exactly the three detector alerts, one record each: nothing for the cases just under the thresholds.
            List<FraudAlert> raised = alerts.values().stream().filter(a -> !RiskTopology.isFinding(a.getRuleId())).toList();
            assertThat(alerts.values()).filteredOn(a -> RiskTopology.isFinding(a.getRuleId()))
                    .extracting(a -> a.getRuleId() + " " + a.getEntity().getId())
                    .containsOnly(RiskTopology.CLUSTER_RULE_ID + " acct-a1", RiskTopology.CLUSTER_RULE_ID + " acct-b1");
            assertThat(raised)
                    .extracting(FraudAlert::getRuleId, a -> a.getEntity().getType(), a -> a.getEntity().getId(), FraudAlert::getRevision)
                    .containsExactlyInAnyOrder(
                            tuple(A16, "instrument", "wallet-shared", 0),
                            tuple(A16, "instrument", "wallet-after", 0),
                            tuple(A17, "account", "acct-churn", 0));
            assertThat(alerts.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getAlertId()));

            assertThat(alert(raised, A16, "wallet-shared")).satisfies(a -> {
                assertThat(a.getIndicator()).isEqualTo("A16");
                assertThat(a.getAccounts()).containsExactly("acct-a1", "acct-a2", "acct-a3");
                assertThat(a.getEvidence()).extracting(Evidence::getEventId).containsExactly("a16-p3", "a16-p2", "a16-p1");
                assertThat(a.getEvidence()).extracting(Evidence::getAccountId).containsExactly("acct-a3", "acct-a2", "acct-a1");
                assertThat(a.getEvidence().get(0).getFacts())
                        .containsEntry("instrument", "wallet-shared").containsEntry("amount", "250 USD");
                assertThat(a.getEvidenceCount()).isEqualTo(3);
                assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                    assertThat(t.getName()).isEqualTo("distinct-accounts");
                    assertThat(t.getLimit()).isEqualTo(3.0);
                    assertThat(t.getObserved()).isEqualTo(3.0);
                });
                assertThat(a.getFirstSeen()).isEqualTo(T0);
                assertThat(a.getLastSeen()).isEqualTo(T0.plus(ofHours(2)));
                assertThat(a.getDetectedAt()).isEqualTo(NOW);
            });
            assertThat(alert(raised, A16, "wallet-after")).satisfies(a -> {
                assertThat(a.getAccounts()).containsExactly("acct-b1", "acct-b2", "acct-b3");
                assertThat(a.getEvidence()).extracting(Evidence::getEventId).containsExactly("after-p3", "after-p2", "after-p1");
            });
            assertThat(alert(raised, A17, "acct-churn")).satisfies(a -> {
                assertThat(a.getIndicator()).isEqualTo("A17");
                assertThat(a.getAccounts()).containsExactly("acct-churn");
                assertThat(a.getEvidence()).extracting(Evidence::getEventId).containsExactly("a17-c3", "a17-c2", "a17-c1");
                assertThat(a.getEvidence()).extracting(e -> e.getFacts().get("kind"))
                        .containsExactly("PAYMENT_METHOD_REMOVED", "PAYMENT_METHOD_ADDED", "PAYMENT_METHOD_ADDED");
                assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                    assertThat(t.getName()).isEqualTo("payment-method-changes");
                    assertThat(t.getObserved()).isEqualTo(3.0);
                });
            });

            // The bad records, each with where it came from and why; the good ones around them made no dead letter.
            assertThat(deadLetters.records()).hasSize(2);
            ConsumerRecord<String, DeadLetter> corruptLetter = deadLetter(deadLetters, "acct-b1");
            assertThat(corruptLetter.value()).satisfies(d -> {
                assertThat(d.getSourceTopic()).isEqualTo(names.payouts());
                assertThat(d.getPartition()).isEqualTo(corrupt.partition());
                assertThat(d.getOffset()).isEqualTo(corrupt.offset());
                assertThat(d.getErrorType()).isEqualTo("DESERIALIZATION");
                assertThat(d.getReason()).containsIgnoringCase("magic byte");
                assertThat(bytes(d.getValue())).isEqualTo(garbage);
                assertThat(d.getRecordTimestamp()).isEqualTo(T0.plus(ofHours(4)));
                assertThat(d.getFailedAt()).isEqualTo(NOW);
            });
            ConsumerRecord<String, DeadLetter> invalidLetter = deadLetter(deadLetters, "acct-b2");
            assertThat(invalidLetter.value()).satisfies(d -> {
                assertThat(d.getSourceTopic()).isEqualTo(names.payouts());
                assertThat(d.getPartition()).isEqualTo(invalid.partition());
                assertThat(d.getOffset()).isEqualTo(invalid.offset());
                assertThat(d.getErrorType()).isEqualTo("VALIDATION");
                assertThat(d.getReason()).contains("amount must be positive but is -10");
            });

            if (guarantee.equals("exactly_once_v2")) {
                // Transactions were really used: each commit marker takes an offset that carries no record.
                assertThat(alerts.endOffsetTotal()).as("alerts topic end offsets (records + commit markers)")
                        .isGreaterThan(alerts.records().size());
            } else {
                assertThat(alerts.endOffsetTotal()).as("alerts topic end offsets, no transactions")
                        .isEqualTo(alerts.records().size());
            }
            assertThat(registeredSubjects()).as("subjects in the schema registry").contains(
                    names.payouts() + "-value", names.accountChanges() + "-value",
                    names.alerts() + "-value", names.deadLetter() + "-value");
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * Two instances of one application split the accounts' risk profiles between them, and one of them runs the
     * cluster task: asked either instance, {@code GET /accounts/{id}/risk} gives the same, right answer for every
     * account (forwarded to the owners). While the group rebalances onto the second instance, an answer is the
     * right one or a 503 with Retry-After, never an empty profile read where the account does not live.
     */
    @Test
    void eitherOfTwoInstancesAnswersTheRiskQueryForEveryAccount(@TempDir Path stateDir) throws Exception {
        String run = newRun();
        FlagStreamConfig first = instance(run, stateDir.resolve("first"));
        FlagStreamConfig second = instance(run, stateDir.resolve("second"));
        TopicNames names = first.topics();
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));
        // Three wallets, each paid into by three accounts: one A16 alert (weight 10) per wallet names its payers,
        // and its payers form a linked-accounts cluster.
        Map<String, List<String>> payers = new LinkedHashMap<>();
        for (int w = 1; w <= 3; w++) {
            payers.put("wallet-q" + w, List.of("acct-q" + w + "a", "acct-q" + w + "b", "acct-q" + w + "c"));
        }
        List<String> accounts = payers.values().stream().flatMap(List::stream).toList();

        try (FlagStreamApp one = FlagStreamApp.start(first, SchemaRegistryClients.create(first.schemaRegistry()), CLOCK);
             KafkaProducer<String, byte[]> producer = producer()) {
            awaitRunning(one);
            int minute = 0;
            for (var wallet : payers.entrySet()) {
                for (String account : wallet.getValue()) {
                    send(producer, topics, payout(account).to(wallet.getKey()).at(T0.plus(ofMinutes(minute++))));
                }
            }
            producer.flush();
            await("instance one answers for every account alone").atMost(WAIT).pollInterval(POLL)
                    .until(() -> answersRightly(one, payers));

            try (FlagStreamApp two = FlagStreamApp.start(second, SchemaRegistryClients.create(second.schemaRegistry()), CLOCK)) {
                await("both instances RUNNING, each with active tasks; meanwhile every answer right or 503 + Retry-After")
                        .atMost(WAIT).pollInterval(POLL)
                        .until(() -> {
                            for (String account : accounts) {
                                assertRightOrRetryLater(risk(one, account), account, payers);
                                assertRightOrRetryLater(risk(two, account), account, payers);
                            }
                            return isRunningWithTasks(one) && isRunningWithTasks(two);
                        });
                Set<String> owners = accounts.stream().map(a -> one.streams().queryMetadataForKey(RiskTopology.PROFILES_STORE, a,
                        new StringSerializer()).activeHost().toString()).collect(Collectors.toSet());
                assertThat(owners).as("profile owners of the accounts").hasSize(2);

                await("either instance answers for every account, forwarding to the owner").atMost(WAIT).pollInterval(POLL)
                        .until(() -> answersRightly(one, payers) && answersRightly(two, payers));
                for (String account : accounts) {
                    assertThat(JSON.readTree(risk(one, account).body())).as(account).isEqualTo(JSON.readTree(risk(two, account).body()));
                }
                for (FlagStreamApp app : List.of(one, two)) {
                    HttpResponse<String> unknown = risk(app, "acct-nobody");
                    assertThat(unknown.statusCode()).as("an account without alerts").isEqualTo(200);
                    var body = JSON.readTree(unknown.body());
                    assertThat(body.get("score").asDouble()).isZero();
                    assertThat(body.get("contributions")).isEmpty();
                    assertThat(body.get("cluster").isNull()).isTrue();
                }
            }
        }
    }

    /** One instance of the run's application: its own state directory and data API port, which peers forward to. */
    private FlagStreamConfig instance(String run, Path stateDir) throws IOException {
        Map<String, String> settings = settings(run, "at_least_once", stateDir);
        settings.put("flagstream.http.api.port", String.valueOf(freePort()));
        settings.put("flagstream.http.api.tokens", "it:" + API_TOKEN);
        settings.put("flagstream.http.advertised-host", "127.0.0.1");
        return ConfigLoader.load(settings, Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitRunning(FlagStreamApp app) {
        await("FlagStream reaches RUNNING").atMost(WAIT).pollInterval(POLL)
                .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
    }

    private static boolean isRunningWithTasks(FlagStreamApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING
                && app.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private boolean answersRightly(FlagStreamApp app, Map<String, List<String>> payers) throws IOException, InterruptedException {
        for (List<String> accounts : payers.values()) {
            for (String account : accounts) {
                if (!isRight(risk(app, account), account, payers)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The data API with the run's token: the peer forwarding passes it on, so either instance answers every account. */
    private HttpResponse<String> risk(FlagStreamApp app, String account) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort() + "/accounts/" + account + "/risk"))
                .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Score 10 from the one A16 alert, and linked to the other two payers of its wallet. */
    private static boolean isRight(HttpResponse<String> response, String account, Map<String, List<String>> payers) throws IOException {
        if (response.statusCode() != 200) {
            return false;
        }
        var body = JSON.readTree(response.body());
        List<String> others = payers.values().stream().filter(p -> p.contains(account)).findFirst().orElseThrow()
                .stream().filter(p -> !p.equals(account)).toList();
        var cluster = body.get("cluster");
        return body.get("account").asText().equals(account)
                && body.get("score").asDouble() == 10.0
                && body.get("contributions").size() == 1 && body.get("contributions").get(0).get("ruleId").asText().equals(A16)
                && cluster != null && !cluster.isNull() && cluster.get("size").asInt() == 3
                && JSON.convertValue(cluster.get("linkedAccounts"), new TypeReference<List<String>>() { }).equals(others);
    }

    private static void assertRightOrRetryLater(HttpResponse<String> response, String account, Map<String, List<String>> payers) throws IOException {
        if (response.statusCode() == 503) {
            assertThat(response.headers().firstValue("Retry-After")).as("503 for " + account + " says when to retry").isPresent();
        } else {
            assertThat(isRight(response, account, payers)).as("answer for " + account + ": " + response.statusCode() + " " + response.body()).isTrue();
        }
    }

    @Test
    void refusesToStartWhenInputTopicsHaveDifferentPartitionCounts(@TempDir Path stateDir) {
        FlagStreamConfig config = config("at_least_once", stateDir);
        TopicNames names = config.topics();
        createTopics(3, names.payouts(), names.accountChanges(), names.alerts(), names.deadLetter(), names.findings());
        createTopics(2, names.logins());

        assertThatThrownBy(() -> FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo("flagstream.topics.*"))
                .hasMessageContaining("same number of partitions")
                .hasMessageContaining(names.payouts() + "=3")
                .hasMessageContaining(names.logins() + "=2")
                .hasMessageContaining(names.accountChanges() + "=3");
    }

    @Test
    void refusesToStartWhenAnInputTopicIsMissingAndNamesItsSetting(@TempDir Path stateDir) {
        FlagStreamConfig config = config("at_least_once", stateDir);
        TopicNames names = config.topics();
        createTopics(3, names.payouts(), names.accountChanges(), names.alerts(), names.deadLetter(), names.findings());

        assertThatThrownBy(() -> FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo("flagstream.topics.logins"))
                .hasMessageContaining("flagstream.topics.logins")
                .hasMessageContaining("'" + names.logins() + "'")
                .hasMessageContaining("does not exist");
    }

    /**
     * Live configuration, the live allow-list and the live watch-list on a real broker, published the way an
     * operator does: through the CLI commands ({@code config-set}, {@code allow-list add}, {@code watch-list add})
     * with a properties file naming this run's brokers, registry and topics. A17 (payment-method churn, deployed
     * min-changes 3) is the detector whose threshold moves; each pattern is one account's first instrument
     * (set-up, not a change) and two changes. The watch-list entry names a wallet no list file lists.
     *
     * <p>A change is in force once the instance's global live-state store holds it: {@code LiveStateUpdater}
     * applies each record to the settings right after storing it, long before the test's next events can
     * reach a stream thread. The app is restarted at the end (same application id) to show that the accepted
     * changes come back from the live-state topic.
     */
    @Test
    void liveConfigChangesAndAllowAndWatchListEntriesApplyWithoutRestartAndSurviveOne(@TempDir Path dir) throws Exception {
        Map<String, String> settings = settings("at_least_once", dir.resolve("state-1"));
        // Live changes are accepted only when signed with the deployment's key (the CLI signs with the same one).
        settings.put("flagstream.live.signing.key", TopologyFixture.SIGNING_KEY);
        // A restart under the same application id waits for the old member's session to time out (45 s by default).
        settings.put("flagstream.kafka.session.timeout.ms", "6000");
        FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
        Path properties = writeProperties(settings, dir.resolve("cli.properties"));
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));
        List<String> inputs = List.of(names.payouts(), names.logins(), names.accountChanges(), names.config(), names.allowList(),
                names.watchList());
        String minChanges = "flagstream.detector." + A17 + ".min-changes";

        try (KafkaProducer<String, byte[]> producer = producer();
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment.bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment.bootstrapServers(), topics.deadLetter());
             TopicReader<String> findings = new TopicReader<>(environment.bootstrapServers(), topics.findings())) {

            try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK)) {
                awaitRunning(app, config);

                // 1. Deployed min-changes 3: two changes raise nothing.
                churn(producer, topics, "acct-before", T0);
                awaitAllProcessed(config, inputs, alerts, deadLetters);
                assertThat(alerts.values()).as("alerts at the deployed threshold").isEmpty();

                // 2. Lowered live to 2: the same pattern on a fresh account alerts, with the new limit.
                assertThat(cli(properties, "config-set", minChanges, "2").exitCode()).isZero();
                awaitLiveState(app, "config:" + minChanges, "2");
                churn(producer, topics, "acct-lowered", T0.plus(ofHours(1)));
                await("an A17 alert for acct-lowered").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> entities(alerts.poll()).contains(A17 + " account acct-lowered"));
                assertThat(alert(alerts.values(), A17, "acct-lowered").getThresholds())
                        .singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));

                // 3. An invalid value: the CLI refuses it at once; published by a plain producer (unsigned), the app
                //    dead-letters it naming the setting, and 2 stays in force.
                Cli refused = cli(properties, "config-set", minChanges, "-1");
                assertThat(refused.exitCode()).isEqualTo(FlagStreamCli.CONFIG_ERROR);
                assertThat(refused.err()).contains(minChanges);
                producer.send(new ProducerRecord<>(names.config(), minChanges, "-1".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
                await("a dead letter for the refused change").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> !deadLetters.poll().isEmpty());
                assertThat(deadLetters.records()).singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo(minChanges);
                    assertThat(r.value().getSourceTopic()).isEqualTo(names.config());
                    assertThat(r.value().getErrorType()).isEqualTo("SIGNATURE");
                    assertThat(r.value().getReason()).contains("unsigned");
                    assertThat(bytes(r.value().getValue())).isEqualTo("-1".getBytes(StandardCharsets.UTF_8));
                });
                churn(producer, topics, "acct-kept", T0.plus(ofHours(2)));
                await("an A17 alert for acct-kept").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> entities(alerts.poll()).contains(A17 + " account acct-kept"));
                FraudAlert open = alert(alerts.values(), A17, "acct-kept");
                assertThat(open.getThresholds()).singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));

                // 4. Allow-listing the account closes its open alert (and its OCSF finding); its next churn is not counted.
                assertThat(cli(properties, "allow-list", "add", "--type", "account", "--id", "acct-kept",
                        "--reason", "TICKET-7 verified contractor", "--by", "analyst@example.com").exitCode()).isZero();
                await("a CLOSED revision of " + open.getAlertId()).atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> alerts.poll().stream().anyMatch(r -> r.key().equals(open.getAlertId())
                                && r.value().getStatus().equals("CLOSED")));
                await("an OCSF Close for " + open.getAlertId()).atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> findings.poll().stream().anyMatch(r -> r.key().equals(open.getAlertId())
                                && ocsfActivity(r.value()) == OCSF_CLOSE));
                churn(producer, topics, "acct-kept", T0.plus(ofHours(5)));

                // 5. A wallet watch-listed live: the next payout into it alerts (HIGH), citing the entry.
                assertThat(cli(properties, "watch-list", "add", "--id", "CASE-IT-1", "--kind", "instrument", "--value",
                        "wallet-listed-live", "--programs", "CYBER2", "--reason", "TICKET-8 sanctions hit",
                        "--by", "analyst@example.com").exitCode()).isZero();
                awaitLiveStateHolds(app, "watch-list:CASE-IT-1");
                send(producer, topics, payout("acct-payer-1").to("wallet-listed-live").at(T0.plus(ofHours(6))));
                producer.flush();
                await("a watch-list alert for acct-payer-1").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> entities(alerts.poll()).contains(WATCH_LIST + " account acct-payer-1"));
                assertThat(alert(alerts.values(), WATCH_LIST, "acct-payer-1").getDescription())
                        .contains("on live-watch-list #CASE-IT-1 [CYBER2]");
                awaitAllProcessed(config, inputs, alerts, deadLetters);
            }

            // 6. A new instance, same application id and topics, empty state directory: the override, the
            //    allow-list entry and the watch-list entry are back (and the closed alert is not closed again).
            settings.put("flagstream.state.dir", dir.resolve("state-2").toString());
            FlagStreamConfig restarted = ConfigLoader.load(settings, Map.of());
            try (FlagStreamApp app = FlagStreamApp.start(restarted, SchemaRegistryClients.create(restarted.schemaRegistry()), CLOCK)) {
                awaitRunning(app, restarted);
                churn(producer, topics, "acct-kept", T0.plus(ofHours(8)));
                churn(producer, topics, "acct-restarted", T0.plus(ofHours(8)));
                send(producer, topics, payout("acct-payer-2").to("wallet-listed-live").at(T0.plus(ofHours(8))));
                producer.flush();
                await("an A17 alert for acct-restarted").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> entities(alerts.poll()).contains(A17 + " account acct-restarted"));
                await("a watch-list alert for acct-payer-2").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> entities(alerts.poll()).contains(WATCH_LIST + " account acct-payer-2"));
                awaitAllProcessed(restarted, inputs, alerts, deadLetters);
            }

            assertThat(alerts.values()).filteredOn(a -> !RiskTopology.isFinding(a.getRuleId()))
                    .extracting(FraudAlert::getRuleId, a -> a.getEntity().getId(), FraudAlert::getRevision, FraudAlert::getStatus)
                    .containsExactlyInAnyOrder(
                            tuple(A17, "acct-lowered", 0, "OPEN"),
                            tuple(A17, "acct-kept", 0, "OPEN"),
                            tuple(A17, "acct-kept", 1, "CLOSED"),
                            tuple(A17, "acct-restarted", 0, "OPEN"),
                            tuple(WATCH_LIST, "acct-payer-1", 0, "OPEN"),
                            tuple(WATCH_LIST, "acct-payer-2", 0, "OPEN"));
            assertThat(alert(alerts.values(), A17, "acct-restarted").getThresholds())
                    .singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));
            assertThat(deadLetters.records()).as("dead letters: only the refused change").hasSize(1);
        }
    }

    /**
     * The {@code produce} command as an operator runs it (through the CLI, this run's topics given with
     * {@code --topics}): two recorded files merged by event time, timestamps written as ISO-8601 (UTC and with
     * an offset) and as epoch milliseconds, one bad line. Read back with the app's own serdes through the
     * registry, every good event is on its topic keyed by account at its event time and equal to the event in
     * the file; the bad line is reported and skipped (exit code 0, as documented); the running app then
     * raises the A16 alert the three payouts make, and no produced record becomes a dead letter.
     */
    @Test
    void produceCommandPutsRecordedEventsOnTheInputTopicsForTheApp(@TempDir Path dir) throws Exception {
        FlagStreamConfig config = config("at_least_once", dir.resolve("state"));
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));

        // What the files hold, as the test's builders make it (their instrument: TestBank, US, Test Holder).
        AccountChange created = change("acct-p1").created(AccountRole.FREELANCER, "US").id("prod-c1").at(T0);
        Login residential = login("acct-p1").id("prod-l1").at(T0.plus(ofMinutes(5)));
        Payout first = payout("acct-p1").to("wallet-produced").id("prod-p1").at(T0.plus(ofMinutes(10)));
        AccountChange added = change("acct-p2").added("wallet-produced").id("prod-c2").at(T0.plus(ofMinutes(65)));
        Payout second = payout("acct-p2").to("wallet-produced").amount("99.95", "USD").id("prod-p2")
                .at(T0.plus(ofMinutes(70)).plusMillis(250));
        Login rdp = login("acct-p3").fromIp("203.0.113.10", "NL").ipType(IpType.HOSTING).openPorts(3389).id("prod-l2")
                .at(T0.plus(ofMinutes(125)));
        Payout third = payout("acct-p3").to("wallet-produced").id("prod-p3").at(T0.plus(ofMinutes(130)));

        String instrument = """
                {"type":"BANK_ACCOUNT","fingerprint":"wallet-produced","provider":"TestBank","country":"US","holderName":"Test Holder"}""";
        Path payouts = Files.writeString(dir.resolve("payouts.jsonl"), """
                {"type":"payout","eventId":"prod-p1","accountId":"acct-p1","timestamp":"%s","amount":"250","currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-p2","accountId":"acct-p2","timestamp":%d,"amount":99.95,"currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-bad","accountId":"acct-p2","timestamp":"%s","amount":"abc","currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-p3","accountId":"acct-p3","timestamp":"%s","amount":"250.0000","currency":"USD","instrument":%s}
                """.formatted(utc(first), instrument, second.getTimestamp().toEpochMilli(), instrument,
                utc(second), instrument, withOffset(third, "+01:00"), instrument));
        Path activity = Files.writeString(dir.resolve("activity.jsonl"), """
                {"type":"account-change","eventId":"prod-c1","accountId":"acct-p1","timestamp":"%s","kind":"ACCOUNT_CREATED","role":"FREELANCER","declaredCountry":"US"}
                {"type":"login","eventId":"prod-l1","accountId":"acct-p1","timestamp":%d,"kind":"LOGIN_SUCCESS","ip":"198.51.100.1","ipCountry":"US","ipType":"RESIDENTIAL","openPorts":[]}
                {"type":"account-change","eventId":"prod-c2","accountId":"acct-p2","timestamp":"%s","kind":"PAYMENT_METHOD_ADDED","instrument":%s}

                {"type":"login","eventId":"prod-l2","accountId":"acct-p3","timestamp":"%s","kind":"LOGIN_SUCCESS","ip":"203.0.113.10","ipCountry":"NL","ipType":"HOSTING","openPorts":[3389]}
                """.formatted(utc(created), residential.getTimestamp().toEpochMilli(), withOffset(added, "-05:00"), instrument,
                utc(rdp)));

        Console produce = console("produce", "--events", payouts.toString(), activity.toString(),
                "--bootstrap-servers", environment.bootstrapServers(), "--schema-registry-url", environment.schemaRegistryUrl(),
                "--topics", "payouts=" + names.payouts() + ",logins=" + names.logins() + ",account-changes=" + names.accountChanges());

        assertThat(produce.exitCode()).as("exit code (a bad line is skipped, not fatal)\n" + produce).isZero();
        assertThat(produce.err()).contains("bad line: " + payouts + ":3: field 'amount': 'abc' is not a decimal");
        assertThat(produce.out()).contains("Produced 7 events", names.payouts() + "=3", names.logins() + "=2",
                names.accountChanges() + "=2", "bad lines 1");

        try (TopicReader<Payout> payoutsRead = new TopicReader<>(environment.bootstrapServers(), topics.payouts());
             TopicReader<Login> loginsRead = new TopicReader<>(environment.bootstrapServers(), topics.logins());
             TopicReader<AccountChange> changesRead = new TopicReader<>(environment.bootstrapServers(), topics.accountChanges())) {
            await("the three input topics read to their end").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> payoutsRead.readToEnd() && loginsRead.readToEnd() && changesRead.readToEnd());
            assertThat(payoutsRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(first), keyedAtEventTime(second), keyedAtEventTime(third));
            assertThat(loginsRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(residential), keyedAtEventTime(rdp));
            assertThat(changesRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(created), keyedAtEventTime(added));
        }
        assertThat(registeredSubjects()).as("subjects in the schema registry: Avro values, plain string keys")
                .contains(names.payouts() + "-value", names.logins() + "-value", names.accountChanges() + "-value")
                .doesNotContain(names.payouts() + "-key", names.logins() + "-key", names.accountChanges() + "-key");

        try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment.bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment.bootstrapServers(), topics.deadLetter())) {
            awaitRunning(app, config);
            await("an A16 alert for wallet-produced").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> entities(alerts.poll()).contains(A16 + " instrument wallet-produced"));
            awaitAllProcessed(config, List.of(names.payouts(), names.logins(), names.accountChanges()), alerts, deadLetters);

            assertThat(alert(alerts.values(), A16, "wallet-produced")).satisfies(a -> {
                assertThat(a.getAccounts()).containsExactly("acct-p1", "acct-p2", "acct-p3");
                assertThat(a.getEvidence()).extracting(Evidence::getEventId).containsExactly("prod-p3", "prod-p2", "prod-p1");
                assertThat(a.getFirstSeen()).isEqualTo(first.getTimestamp());
                assertThat(a.getLastSeen()).isEqualTo(third.getTimestamp());
            });
            assertThat(deadLetters.records()).as("dead letters: every produced record is usable by the app").isEmpty();
        }
    }

    /** An event time as ISO-8601 in UTC ({@code …Z}). */
    private static String utc(SpecificRecord event) {
        return DateTimeFormatter.ISO_INSTANT.format(eventTime(event));
    }

    /** An event time as ISO-8601 with a UTC offset ({@code …+01:00}): the same instant, written elsewhere. */
    private static String withOffset(SpecificRecord event, String offset) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(eventTime(event).atOffset(ZoneOffset.of(offset)));
    }

    /** What a record produced for {@code event} must be: key = account, record time = event time, value = the event. */
    private static Tuple keyedAtEventTime(SpecificRecord event) {
        return tuple(account(event), eventTime(event).toEpochMilli(), event);
    }

    private record Console(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs a CLI command and captures what it prints: the offline tools write their report to System.out and
     * bad lines to System.err (not to picocli's writers), so both are swapped for the call.
     */
    private static Console console(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exitCode = FlagStreamCli.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Console console = new Console(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        out.println("flagstream " + args[0] + ": " + console); // kept in the test log
        return console;
    }

    /** OCSF activity_id of a Detection Finding that closes one. */
    private static final int OCSF_CLOSE = 3;

    private static int ocsfActivity(String finding) {
        try {
            return JSON.readTree(finding).path("activity_id").asInt();
        } catch (IOException e) {
            throw new AssertionError("finding is not JSON: " + finding, e);
        }
    }

    /** One account's first payment method (set-up, not a change) then two changes, 20 minutes apart. */
    private static void churn(KafkaProducer<String, byte[]> producer, Topics topics, String account, Instant start) {
        send(producer, topics, change(account).added("bank-" + account).at(start));
        send(producer, topics, change(account).added("wallet-" + account + "-" + start.getEpochSecond()).at(start.plus(ofMinutes(20))));
        send(producer, topics, change(account).removed("bank-" + account).at(start.plus(ofMinutes(40))));
        producer.flush();
    }

    private void awaitRunning(FlagStreamApp app, FlagStreamConfig config) {
        await("FlagStream (" + config.kafka().applicationId() + ") reaches RUNNING")
                .atMost(WAIT).pollInterval(POLL)
                .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
    }

    /** Waits until the app committed every input record and the alert and dead-letter topics are read to their end. */
    private void awaitAllProcessed(FlagStreamConfig config, List<String> inputs, TopicReader<?>... outputs) {
        await("consumer group " + config.kafka().applicationId() + " committed every input and repartition record")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ProgressWatcher.lag(admin, config.kafka().applicationId(), inputs), lag -> lag == 0);
        await("the output topics read to their end").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> Arrays.stream(outputs).allMatch(TopicReader::readToEnd));
    }

    /** Waits until this instance's global live-state store holds {@code value} under {@code key}. */
    private static void awaitLiveState(FlagStreamApp app, String key, String value) {
        await("live-state store of the instance holds " + key + "=" + value).atMost(WAIT).pollInterval(POLL)
                .ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                .until(() -> app.streams().store(StoreQueryParameters.fromNameAndType(LiveTopology.LIVE_STATE_STORE,
                                QueryableStoreTypes.<String, byte[]>keyValueStore())).get(key),
                        stored -> stored != null && new String(stored, StandardCharsets.UTF_8).equals(value));
    }

    /** Waits until this instance's global live-state store holds a value (an Avro entry) under {@code key}. */
    private static void awaitLiveStateHolds(FlagStreamApp app, String key) {
        await("live-state store of the instance holds " + key).atMost(WAIT).pollInterval(POLL)
                .ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                .until(() -> app.streams().store(StoreQueryParameters.fromNameAndType(LiveTopology.LIVE_STATE_STORE,
                                QueryableStoreTypes.<String, byte[]>keyValueStore())).get(key), stored -> stored != null);
    }

    private static Path writeProperties(Map<String, String> settings, Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "live-change CLI settings of one test run");
        }
        return file;
    }

    private record Cli(int exitCode, String err) {
    }

    /** Runs a FlagStream CLI command with {@code --config properties} (inserted after the command's words). */
    private static Cli cli(Path properties, String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        int options = args[0].equals("allow-list") || args[0].equals("watch-list") ? 2 : 1;
        words.addAll(options, List.of("--config", properties.toString()));
        StringWriter err = new StringWriter();
        int exitCode = FlagStreamCli.commandLine().setErr(new PrintWriter(err, true)).execute(words.toArray(String[]::new));
        return new Cli(exitCode, err.toString());
    }

    /** /health and /ready answer 200 while RUNNING; /metrics is Prometheus text with the Kafka Streams metrics. */
    private void assertOperatorEndpoints(FlagStreamApp app) throws IOException, InterruptedException {
        assertThat(app.httpPort()).as("HTTP port chosen for flagstream.http.port=0").isPositive();
        HttpResponse<String> health = get(app, "/health");
        assertThat(health.statusCode()).as("/health").isEqualTo(200);
        assertThat(health.body()).contains("RUNNING");
        await("/ready answers 200").atMost(WAIT).pollInterval(POLL)
                .until(() -> get(app, "/ready").statusCode(), status -> status == 200);
        HttpResponse<String> metrics = get(app, "/metrics");
        assertThat(metrics.statusCode()).as("/metrics").isEqualTo(200);
        assertThat(metrics.body()).as("/metrics")
                .contains("kafka_stream_thread_")
                .contains("kafka_consumer_")
                .contains("thread_id=");
    }

    private HttpResponse<String> get(FlagStreamApp app, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<String> registeredSubjects() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(environment.schemaRegistryUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /subjects").isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    /** Settings for one test: its own topics, application id and state directory; health port 0. */
    private FlagStreamConfig config(String guarantee, Path stateDir) {
        return ConfigLoader.load(settings(guarantee, stateDir), Map.of());
    }

    private Map<String, String> settings(String guarantee, Path stateDir) {
        return settings(newRun(), guarantee, stateDir);
    }

    private static String newRun() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The settings of one instance of the run's application: the run's topics and application id. */
    private Map<String, String> settings(String run, String guarantee, Path stateDir) {
        return ItKafka.settings(environment, run, guarantee, stateDir);
    }

    private void createTopics(int partitions, String... names) {
        ItKafka.createTopics(admin, partitions, names);
    }

    private KafkaProducer<String, byte[]> producer() {
        return ItKafka.producer(environment);
    }

    private static Set<String> entities(List<ConsumerRecord<String, FraudAlert>> alerts) {
        return alerts.stream()
                .map(r -> r.value().getRuleId() + " " + r.value().getEntity().getType() + " " + r.value().getEntity().getId())
                .collect(Collectors.toSet());
    }

    private static FraudAlert alert(List<FraudAlert> alerts, String ruleId, String entityId) {
        return alerts.stream()
                .filter(a -> a.getRuleId().equals(ruleId) && a.getEntity().getId().equals(entityId))
                .findFirst().orElseThrow(() -> new AssertionError("no " + ruleId + " alert for " + entityId + " in " + alerts));
    }

    private static ConsumerRecord<String, DeadLetter> deadLetter(TopicReader<DeadLetter> letters, String key) {
        return letters.records().stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter keyed " + key + " in " + letters.records()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
