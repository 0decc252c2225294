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
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.app.FlagStreamCli;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.watchlistmatch.WatchListMatchDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.live.LiveTopology;
import io.flagstream.risk.RiskTopology;
import io.flagstream.testing.TopologyFixture;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
abstract class LiveChangeScenarios extends ScenarioBase {
    private static final String WATCH_LIST = WatchListMatchDetector.ID;
    private static final String MIN_CHANGES = "flagstream.detector." + A17 + ".min-changes";
    /** OCSF activity_id of a Detection Finding that closes one. */
    private static final int OCSF_CLOSE = 3;

    LiveChangeScenarios(Environment environment, Admin admin) {
        super(environment, admin);
    }

    /** What every step of the scenario writes to and reads from; {@code properties} is the CLI's settings file. */
    private record LiveRun(Path properties, TopicNames names, Topics topics, List<String> inputs, KafkaProducer<String, byte[]> producer,
                           TopicReader<FraudAlert> alerts, TopicReader<DeadLetter> deadLetters, TopicReader<String> findings) {
    }

    @Test
    void liveConfigChangesAndAllowAndWatchListEntriesApplyWithoutRestartAndSurviveOne(@TempDir Path dir) throws Exception {
        Map<String, String> settings = liveSettings(dir.resolve("state-1"));
        FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
        Path properties = writeProperties(settings, dir.resolve("cli.properties"));
        TopicNames names = config.topics();
        Topics topics = createAppTopics(names);
        List<String> inputs = List.of(names.payouts(), names.logins(), names.accountChanges(), names.config(), names.allowList(),
                names.watchList());

        try (KafkaProducer<String, byte[]> producer = producer();
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment().bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment().bootstrapServers(), topics.deadLetter());
             TopicReader<String> findings = new TopicReader<>(environment().bootstrapServers(), topics.findings())) {
            LiveRun run = new LiveRun(properties, names, topics, inputs, producer, alerts, deadLetters, findings);

            try (FlagStreamApp app = start(config)) {
                awaitRunning(app, config);
                twoChangesRaiseNothingAtTheDeployedThreshold(run, config);
                aThresholdLoweredLiveAppliesToTheNextPattern(run, app);
                FraudAlert open = anInvalidValueIsRefusedAndTheLoweredOneStays(run);
                allowListingTheAccountClosesItsAlertAndItsFinding(run, open);
                aWalletWatchListedLiveAlertsOnItsNextPayout(run, app);
                awaitAllProcessed(config, inputs, alerts, deadLetters);
            }

            settings.put("flagstream.state.dir", dir.resolve("state-2").toString());
            aRestartedInstanceHasTheChangesBack(run, ConfigLoader.load(settings, Map.of()));

            assertAlertsOfTheWholeRun(run);
        }
    }

    private Map<String, String> liveSettings(Path stateDir) {
        Map<String, String> settings = settings("at_least_once", stateDir);
        // Live changes are accepted only when signed with the deployment's key (the CLI signs with the same one).
        settings.put("flagstream.live.signing.key", TopologyFixture.SIGNING_KEY);
        // A restart under the same application id waits for the old member's session to time out (45 s by default).
        settings.put("flagstream.kafka.session.timeout.ms", "6000");
        return settings;
    }

    /** 1. Deployed min-changes 3: two changes raise nothing. */
    private void twoChangesRaiseNothingAtTheDeployedThreshold(LiveRun run, FlagStreamConfig config) {
        churn(run, "acct-before", T0);
        awaitAllProcessed(config, run.inputs(), run.alerts(), run.deadLetters());
        assertThat(run.alerts().values()).as("alerts at the deployed threshold").isEmpty();
    }

    /** 2. Lowered live to 2: the same pattern on a fresh account alerts, with the new limit. */
    private static void aThresholdLoweredLiveAppliesToTheNextPattern(LiveRun run, FlagStreamApp app) {
        assertThat(cli(run.properties(), "config-set", MIN_CHANGES, "2").exitCode()).isZero();
        awaitLiveState(app, "config:" + MIN_CHANGES, "2");
        churn(run, "acct-lowered", T0.plus(ofHours(1)));
        await("an A17 alert for acct-lowered").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> entities(run.alerts().poll()).contains(A17 + " account acct-lowered"));
        assertThat(alert(run.alerts().values(), A17, "acct-lowered").getThresholds())
                .singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));
    }

    /**
     * 3. An invalid value: the CLI refuses it at once; published by a plain producer (unsigned), the app
     * dead-letters it naming the setting, and 2 stays in force: the next pattern alerts at limit 2 (returned).
     */
    private static FraudAlert anInvalidValueIsRefusedAndTheLoweredOneStays(LiveRun run) throws Exception {
        Cli refused = cli(run.properties(), "config-set", MIN_CHANGES, "-1");
        assertThat(refused.exitCode()).isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(refused.err()).contains(MIN_CHANGES);
        run.producer().send(new ProducerRecord<>(run.names().config(), MIN_CHANGES, "-1".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        await("a dead letter for the refused change").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> !run.deadLetters().poll().isEmpty());
        assertThat(run.deadLetters().records()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(MIN_CHANGES);
            assertThat(r.value().getSourceTopic()).isEqualTo(run.names().config());
            assertThat(r.value().getErrorType()).isEqualTo("SIGNATURE");
            assertThat(r.value().getReason()).contains("unsigned");
            assertThat(bytes(r.value().getValue())).isEqualTo("-1".getBytes(StandardCharsets.UTF_8));
        });
        churn(run, "acct-kept", T0.plus(ofHours(2)));
        await("an A17 alert for acct-kept").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> entities(run.alerts().poll()).contains(A17 + " account acct-kept"));
        FraudAlert open = alert(run.alerts().values(), A17, "acct-kept");
        assertThat(open.getThresholds()).singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));
        return open;
    }

    /** 4. Allow-listing the account closes its open alert (and its OCSF finding); its next churn is not counted. */
    private static void allowListingTheAccountClosesItsAlertAndItsFinding(LiveRun run, FraudAlert open) {
        assertThat(cli(run.properties(), "allow-list", "add", "--type", "account", "--id", "acct-kept",
                "--reason", "TICKET-7 verified contractor", "--by", "analyst@example.com").exitCode()).isZero();
        await("a CLOSED revision of " + open.getAlertId()).atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> run.alerts().poll().stream().anyMatch(r -> r.key().equals(open.getAlertId())
                        && r.value().getStatus().equals("CLOSED")));
        await("an OCSF Close for " + open.getAlertId()).atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> run.findings().poll().stream().anyMatch(r -> r.key().equals(open.getAlertId())
                        && ocsfActivity(r.value()) == OCSF_CLOSE));
        churn(run, "acct-kept", T0.plus(ofHours(5)));
    }

    /** 5. A wallet watch-listed live: the next payout into it alerts (HIGH), citing the entry. */
    private static void aWalletWatchListedLiveAlertsOnItsNextPayout(LiveRun run, FlagStreamApp app) {
        assertThat(cli(run.properties(), "watch-list", "add", "--id", "CASE-IT-1", "--kind", "instrument", "--value",
                "wallet-listed-live", "--programs", "CYBER2", "--reason", "TICKET-8 sanctions hit",
                "--by", "analyst@example.com").exitCode()).isZero();
        awaitLiveStateHolds(app, "watch-list:CASE-IT-1");
        send(run.producer(), run.topics(), payout("acct-payer-1").to("wallet-listed-live").at(T0.plus(ofHours(6))));
        run.producer().flush();
        await("a watch-list alert for acct-payer-1").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                .until(() -> entities(run.alerts().poll()).contains(WATCH_LIST + " account acct-payer-1"));
        assertThat(alert(run.alerts().values(), WATCH_LIST, "acct-payer-1").getDescription())
                .contains("on live-watch-list #CASE-IT-1 [CYBER2]");
    }

    /**
     * 6. A new instance, same application id and topics, empty state directory: the override, the allow-list
     * entry and the watch-list entry are back (and the closed alert is not closed again).
     */
    private void aRestartedInstanceHasTheChangesBack(LiveRun run, FlagStreamConfig restarted) {
        try (FlagStreamApp app = start(restarted)) {
            awaitRunning(app, restarted);
            churn(run, "acct-kept", T0.plus(ofHours(8)));
            churn(run, "acct-restarted", T0.plus(ofHours(8)));
            send(run.producer(), run.topics(), payout("acct-payer-2").to("wallet-listed-live").at(T0.plus(ofHours(8))));
            run.producer().flush();
            await("an A17 alert for acct-restarted").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> entities(run.alerts().poll()).contains(A17 + " account acct-restarted"));
            await("a watch-list alert for acct-payer-2").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> entities(run.alerts().poll()).contains(WATCH_LIST + " account acct-payer-2"));
            awaitAllProcessed(restarted, run.inputs(), run.alerts(), run.deadLetters());
        }
    }

    private static void assertAlertsOfTheWholeRun(LiveRun run) {
        assertThat(run.alerts().values()).filteredOn(a -> !RiskTopology.isFinding(a.getRuleId()))
                .extracting(FraudAlert::getRuleId, a -> a.getEntity().getId(), FraudAlert::getRevision, FraudAlert::getStatus)
                .containsExactlyInAnyOrder(
                        tuple(A17, "acct-lowered", 0, "OPEN"),
                        tuple(A17, "acct-kept", 0, "OPEN"),
                        tuple(A17, "acct-kept", 1, "CLOSED"),
                        tuple(A17, "acct-restarted", 0, "OPEN"),
                        tuple(WATCH_LIST, "acct-payer-1", 0, "OPEN"),
                        tuple(WATCH_LIST, "acct-payer-2", 0, "OPEN"));
        assertThat(alert(run.alerts().values(), A17, "acct-restarted").getThresholds())
                .singleElement().satisfies(t -> assertThat(t.getLimit()).isEqualTo(2.0));
        assertThat(run.deadLetters().records()).as("dead letters: only the refused change").hasSize(1);
    }

    /** One account's first payment method (set-up, not a change) then two changes, 20 minutes apart. */
    private static void churn(LiveRun run, String account, Instant start) {
        KafkaProducer<String, byte[]> producer = run.producer();
        send(producer, run.topics(), change(account).added("bank-" + account).at(start));
        send(producer, run.topics(), change(account).added("wallet-" + account + "-" + start.getEpochSecond()).at(start.plus(ofMinutes(20))));
        send(producer, run.topics(), change(account).removed("bank-" + account).at(start.plus(ofMinutes(40))));
        producer.flush();
    }

    private static int ocsfActivity(String finding) {
        try {
            return JSON.readTree(finding).path("activity_id").asInt();
        } catch (IOException e) {
            throw new AssertionError("finding is not JSON: " + finding, e);
        }
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
}
