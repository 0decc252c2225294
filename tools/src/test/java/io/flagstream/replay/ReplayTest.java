package io.flagstream.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.tools.ToolsCli;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
