package io.flagstream.it;

import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.Payout;
import io.flagstream.risk.RiskTopology;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The app on good and bad records, under both processing guarantees: A16 and A17 alert (and the payers of each
 * shared wallet form a linked-accounts cluster), the cases just under the thresholds raise nothing, the two records
 * it cannot use become dead letters saying where they came from and why, and processing goes on. The operator
 * endpoints answer while it runs.
 */
abstract class AlertAndDeadLetterScenarios extends ScenarioBase {
    /** Bytes that are not Avro: the payouts topic's corrupt record. */
    private static final byte[] GARBAGE = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

    AlertAndDeadLetterScenarios(Environment environment, Admin admin) {
        super(environment, admin);
    }

    /** Where the two records FlagStream cannot use were written: their dead letters must say so. */
    private record BadRecords(RecordMetadata corrupt, RecordMetadata invalid) {
    }

    @ParameterizedTest(name = "processing.guarantee={0}")
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void alertsOnA16AndA17DeadLettersBadRecordsAndKeepsGoing(String guarantee, @TempDir Path stateDir) throws Exception {
        FlagStreamConfig config = config(guarantee, stateDir);
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin(), names, PARTITIONS);
        HttpSchemaRegistryClient registry = registry();
        Topics topics = Topics.create(names, registry);

        try (FlagStreamApp app = start(config);
             KafkaProducer<String, byte[]> producer = producer();
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment().bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment().bootstrapServers(), topics.deadLetter())) {
            awaitRunning(app, config);
            assertOperatorEndpoints(app);

            // 1. Good events, one timeline in event-time order: two cases that must alert, two just under threshold.
            goodEvents().forEach(e -> send(producer, topics, e));
            // 2. Two records FlagStream cannot use, keyed by accounts whose good payouts follow them below.
            BadRecords bad = sendBadRecords(producer, topics);
            // 3. Later good events on the same accounts (so the same partitions): processing must go on. The last
            //    comes from a producer that has meanwhile added an optional field to its schema (a new registry version).
            send(producer, topics, payout("acct-b1").to("wallet-after").id("after-p1").at(T0.plus(ofHours(5))));
            send(producer, topics, payout("acct-b2").to("wallet-after").id("after-p2").at(T0.plus(ofHours(6))));
            ItKafka.sendWithNewerSchema(producer, registry, names.payouts(),
                    payout("acct-b3").to("wallet-after").id("after-p3").at(T0.plus(ofHours(7))));
            producer.flush();
            awaitAlertsAndDeadLetters(config, alerts, deadLetters);

            assertAlertContents(assertExactlyTheseAlerts(alerts));
            assertDeadLetters(deadLetters, names, bad);
            assertTransactionsUsedUnderExactlyOnce(guarantee, alerts);
            assertThat(registeredSubjects()).as("subjects in the schema registry").contains(
                    names.payouts() + "-value", names.accountChanges() + "-value",
                    names.alerts() + "-value", names.deadLetter() + "-value");
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** Three cases that must alert and two just under their thresholds, sorted by event time. */
    private static List<SpecificRecord> goodEvents() {
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
        return events;
    }

    /** Bytes that are not Avro (keyed acct-b1) and a payout of a negative amount (acct-b2). */
    private static BadRecords sendBadRecords(KafkaProducer<String, byte[]> producer, Topics topics) throws Exception {
        RecordMetadata corrupt = producer.send(new ProducerRecord<>(topics.payouts().name(), null,
                T0.plus(ofHours(4)).toEpochMilli(), "acct-b1", GARBAGE)).get(10, TimeUnit.SECONDS);
        Payout negative = payout("acct-b2").to("wallet-after").amount("-10", "USD").id("bad-p1").at(T0.plus(ofHours(4)));
        RecordMetadata invalid = send(producer, topics, negative).get(10, TimeUnit.SECONDS);
        return new BadRecords(corrupt, invalid);
    }

    private void awaitAlertsAndDeadLetters(FlagStreamConfig config, TopicReader<FraudAlert> alerts, TopicReader<DeadLetter> deadLetters) {
        TopicNames names = config.topics();
        await("A16 alerts for wallet-shared and wallet-after and the A17 alert for acct-churn on " + names.alerts())
                .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> entities(alerts.poll()).containsAll(Set.of(
                        A16 + " instrument wallet-shared", A16 + " instrument wallet-after", A17 + " account acct-churn",
                        // each wallet's three payers form a linked-accounts cluster (risk 3 x 10 >= 20)
                        RiskTopology.CLUSTER_RULE_ID + " cluster acct-a1", RiskTopology.CLUSTER_RULE_ID + " cluster acct-b1")));
        await("2 dead letters on " + names.deadLetter())
                .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> deadLetters.poll().size() >= 2);
        awaitAllProcessed(config, List.of(names.payouts(), names.logins(), names.accountChanges()), alerts, deadLetters);
    }

    /** Exactly the three detector alerts, one record each, and the two clusters: nothing for the cases just under. */
    private static List<FraudAlert> assertExactlyTheseAlerts(TopicReader<FraudAlert> alerts) {
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
        return raised;
    }

    private static void assertAlertContents(List<FraudAlert> raised) {
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
    }

    /** The bad records, each with where it came from and why; the good ones around them made no dead letter. */
    private static void assertDeadLetters(TopicReader<DeadLetter> deadLetters, TopicNames names, BadRecords bad) {
        assertThat(deadLetters.records()).hasSize(2);
        assertThat(deadLetter(deadLetters, "acct-b1").value()).satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(names.payouts());
            assertThat(d.getPartition()).isEqualTo(bad.corrupt().partition());
            assertThat(d.getOffset()).isEqualTo(bad.corrupt().offset());
            assertThat(d.getErrorType()).isEqualTo("DESERIALIZATION");
            assertThat(d.getReason()).containsIgnoringCase("magic byte");
            assertThat(bytes(d.getValue())).isEqualTo(GARBAGE);
            assertThat(d.getRecordTimestamp()).isEqualTo(T0.plus(ofHours(4)));
            assertThat(d.getFailedAt()).isEqualTo(NOW);
        });
        assertThat(deadLetter(deadLetters, "acct-b2").value()).satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(names.payouts());
            assertThat(d.getPartition()).isEqualTo(bad.invalid().partition());
            assertThat(d.getOffset()).isEqualTo(bad.invalid().offset());
            assertThat(d.getErrorType()).isEqualTo("VALIDATION");
            assertThat(d.getReason()).contains("amount must be positive but is -10");
        });
    }

    private static void assertTransactionsUsedUnderExactlyOnce(String guarantee, TopicReader<FraudAlert> alerts) {
        if (guarantee.equals("exactly_once_v2")) {
            // Transactions were really used: each commit marker takes an offset that carries no record.
            assertThat(alerts.endOffsetTotal()).as("alerts topic end offsets (records + commit markers)")
                    .isGreaterThan(alerts.records().size());
        } else {
            assertThat(alerts.endOffsetTotal()).as("alerts topic end offsets, no transactions")
                    .isEqualTo(alerts.records().size());
        }
    }

    private static ConsumerRecord<String, DeadLetter> deadLetter(TopicReader<DeadLetter> letters, String key) {
        return letters.records().stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter keyed " + key + " in " + letters.records()));
    }

    /** /health and /ready answer 200 while RUNNING; /metrics is Prometheus text with the Kafka Streams metrics. */
    private static void assertOperatorEndpoints(FlagStreamApp app) throws IOException, InterruptedException {
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

    private static HttpResponse<String> get(FlagStreamApp app, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
