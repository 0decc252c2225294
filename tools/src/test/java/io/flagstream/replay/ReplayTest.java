package io.flagstream.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.StreamsProperties;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import io.flagstream.topology.FlagStreamTopology;
import io.flagstream.tools.ToolsCli;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {
    @TempDir
    Path dir;

    @Test
    void theSameInputGivesByteIdenticalAlertsWithTheSameIds() throws IOException {
        Path events = dir.resolve("events.jsonl");
        List<SpecificRecord> input = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            input.add(payout("acct-" + i).to("wallet-1").at(T0.plus(Duration.ofHours(6L * i))));
        }
        input.add(change("acct-9").added("bank-a").at(T0.plus(Duration.ofDays(1))));
        input.add(change("acct-9").added("bank-b").at(T0.plus(Duration.ofDays(2))));
        input.add(change("acct-9").removed("bank-a").at(T0.plus(Duration.ofDays(3))));
        input.add(change("acct-9").added("bank-c").at(T0.plus(Duration.ofDays(4))));
        input.sort((a, b) -> Long.compare(ReplayEvent.of(a).timestamp(), ReplayEvent.of(b).timestamp()));
        Files.write(events, input.stream().map(EventJson::write).toList());

        Path first = replay(events, dir.resolve("alerts-1.jsonl"));
        Path second = replay(events, dir.resolve("alerts-2.jsonl"));

        List<String> lines = Files.readAllLines(first);
        assertThat(lines).isNotEmpty();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        List<FraudAlert> alerts = lines.stream().map(EventJson::readAlert).toList();
        assertThat(alerts).extracting(FraudAlert::getRuleId)
                .contains(SharedPayoutInstrumentDetector.ID, PaymentMethodChurnDetector.ID);
        // The replay clock is the highest event time so far: detectedAt is event time, not wall clock.
        assertThat(alerts).allSatisfy(a -> assertThat(a.getDetectedAt()).isEqualTo(a.getLastSeen()));
    }

    @Test
    void simulateReplayEvaluateFindsThePlantedA16AndA17Cases() throws IOException {
        Path out = dir.resolve("sim");
        assertThat(cli("simulate", "--out", out.toString(), "--accounts", "300", "--days", "14", "--teams", "1")).isZero();
        assertThat(out.resolve("events.jsonl")).exists();
        assertThat(Files.readString(out.resolve("allow-list.properties"))).contains("flagstream.allow-list.ips=192.0.2.");

        assertThat(cli("replay", "--events", out.resolve("events.jsonl").toString(), "--config",
                out.resolve("allow-list.properties").toString(), "--out", out.resolve("alerts.jsonl").toString())).isZero();
        assertThat(cli("evaluate", "--alerts", out.resolve("alerts.jsonl").toString(), "--truth",
                out.resolve("ground-truth.json").toString(), "--json", out.resolve("scorecard.json").toString())).isZero();

        GroundTruth truth = GroundTruthJson.read(out.resolve("ground-truth.json"));
        assertThat(truth.days()).isEqualTo(14);
        assertThat(truth.start()).isEqualTo(DemoScenario.demo().start());
        assertThat(truth.cases()).allSatisfy(c -> assertThat(c.start()).isNotNull());
        Scorecard card = Scorecard.of(truth, ScorecardReport.readAlerts(out.resolve("alerts.jsonl")));
        for (String rule : List.of(SharedPayoutInstrumentDetector.ID, PaymentMethodChurnDetector.ID)) {
            Scorecard.RuleScore score = card.byRule().get(rule);
            assertThat(score.planted()).as(rule).isEqualTo(1);
            assertThat(score.found()).as(rule).isEqualTo(1);
            assertThat(score.medianDetectionDelay()).as(rule).isNotNull().isPositive();
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("scorecard.json").toFile());
        assertThat(json.path("rules").findValuesAsText("ruleId")).contains(SharedPayoutInstrumentDetector.ID, PaymentMethodChurnDetector.ID);
        assertThat(json.path("benignAccounts").asInt()).isEqualTo(300);
        assertThat(json.path("operatorAccounts").path("total").asInt()).isEqualTo(6);
    }

    /**
     * The replay driver gives the alert records Kafka's test driver gives (what {@code replay} ran on before), in
     * the same order, on a simulated scenario with an invalid event among its events; the dead letter is counted.
     */
    @Test
    void givesTheTestDriversAlertRecordsAndDeadLettersOnASimulatedScenario() throws IOException {
        Path sim = dir.resolve("sim");
        assertThat(cli("simulate", "--out", sim.toString(), "--accounts", "300", "--days", "14", "--teams", "1")).isZero();
        Path invalid = dir.resolve("invalid.jsonl");
        Files.write(invalid, List.of(EventJson.write(payout("acct-bad").amount("-5", "EUR")
                .at(DemoScenario.demo().start().plus(Duration.ofDays(2))))));
        FlagStreamConfig config = Replay.config(sim.resolve("allow-list.properties"), Map.of());

        StringWriter viaDriver = new StringWriter();
        Replay.Summary summary;
        try (MergedEvents events = events(sim.resolve("events.jsonl"), invalid)) {
            summary = Replay.run(config, events, viaDriver, null);
        }
        StringWriter viaTestDriver = new StringWriter();
        long testDriverDeadLetters;
        try (MergedEvents events = events(sim.resolve("events.jsonl"), invalid)) {
            testDriverDeadLetters = replayInTestDriver(config, events, viaTestDriver);
        }

        assertThat(summary.alertRecordsByRule()).isNotEmpty();
        assertThat(viaDriver.toString()).isEqualTo(viaTestDriver.toString());
        assertThat(summary.deadLetters()).isEqualTo(testDriverDeadLetters).isEqualTo(1);
        assertThat(summary.deadLetterSamples()).singleElement().asString().contains("amount must be positive");
    }

    private static MergedEvents events(Path... files) {
        List<EventFileReader> readers = new ArrayList<>();
        for (Path f : files) {
            readers.add(new EventFileReader(f, true, e -> { }));
        }
        return new MergedEvents(readers);
    }

    /** Replay as it was before the replay driver: the same topology and clock in a {@link TopologyTestDriver}. */
    private long replayInTestDriver(FlagStreamConfig config, MergedEvents events, Writer out) throws IOException {
        String scope = "replay-test-driver-" + UUID.randomUUID();
        Topics topics = Topics.create(config.topics(), InMemorySchemaRegistry.forScope(scope));
        ReplayClock clock = new ReplayClock();
        Properties props = StreamsProperties.from(config.kafka());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(dir, "state").toString());
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        try (TopologyTestDriver driver = new TopologyTestDriver(FlagStreamTopology.build(new LiveSettings(config, clock), topics, clock,
                props, new UnloggedStores(config.kafka().storeType()), 1), props, Instant.EPOCH)) {
            TestInputTopic<String, Payout> payouts = input(driver, topics.payouts());
            TestInputTopic<String, Login> logins = input(driver, topics.logins());
            TestInputTopic<String, AccountChange> changes = input(driver, topics.accountChanges());
            ReplayEvent e;
            while ((e = events.next()) != null) {
                clock.advanceTo(e.timestamp());
                switch (e.type()) {
                    case PAYOUT -> payouts.pipeInput(e.accountId(), (Payout) e.event(), e.timestamp());
                    case LOGIN -> logins.pipeInput(e.accountId(), (Login) e.event(), e.timestamp());
                    case ACCOUNT_CHANGE -> changes.pipeInput(e.accountId(), (AccountChange) e.event(), e.timestamp());
                }
            }
            for (FraudAlert a : driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                    topics.alerts().valueSerde().deserializer()).readValuesToList()) {
                out.write(EventJson.writeAlert(a));
                out.write('\n');
            }
            return driver.createOutputTopic(topics.deadLetter().name(), topics.deadLetter().keySerde().deserializer(),
                    topics.deadLetter().valueSerde().deserializer()).getQueueSize();
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    private static <T> TestInputTopic<String, T> input(TopologyTestDriver driver, Topic<String, T> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private Path replay(Path events, Path alerts) throws IOException {
        try (MergedEvents merged = new MergedEvents(List.of(new EventFileReader(events, true, e -> { })));
             Writer w = JsonLines.writer(alerts)) {
            Replay.Summary s = Replay.run(Replay.config(null, Map.of()), merged, w, null);
            assertThat(s.events()).isEqualTo(8);
            assertThat(s.deadLetters()).isZero();
        }
        return alerts;
    }

    private static int cli(String... args) {
        return ToolsCli.commandLine().execute(args);
    }
}
