package io.flagstream.bench.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.replay.ReplayEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of {@code benchmarks/run.sh adversarial}, not a benchmark: every phase at a tiny size must run and the
 * report must carry its figures. Nothing is checked against a rate: a phase that reaches its bound is a result.
 */
class AdversarialPhasesIT {
    private static final long START = AdversarialCli.START.toEpochMilli();

    @Test
    // A guard against a hung run, not a performance check: tiny phases take seconds, each is bounded at 6 s.
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyPhaseRunsAndIsReported(@TempDir Path results) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = new CommandLine(new AdversarialCli(new PrintStream(log, true, StandardCharsets.UTF_8))).execute(
                "--hub-accounts", "60", "--hot-logins", "2000", "--powerlaw-accounts", "80", "--powerlaw-payouts", "600",
                "--background-accounts", "10", "--normal-accounts", "40", "--normal-teams", "1", "--warmup-events", "0",
                "--phase-timeout", "6", "--results-dir", results.toString(), "--note", "smoke test");

        assertThat(exit).as(log.toString(StandardCharsets.UTF_8)).isZero();
        Path json;
        try (Stream<Path> files = Files.list(results)) {
            json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("phases")).extracting(p -> p.get("phase").asText())
                .containsExactly("normal", "hub-instrument", "hub-ip", "hot-account", "power-law");
        assertThat(report.get("phases")).allSatisfy(p -> {
            assertThat(p.get("status").asText()).isIn(PhaseResult.OK, PhaseResult.TIMED_OUT);
            assertThat(p.get("events").asLong()).isPositive();
            assertThat(p.get("eventsPerSecond").asDouble()).isPositive();
            assertThat(p.get("cpuSeconds").asDouble()).isPositive();
            assertThat(p.get("heapAfterBytes").asLong()).isPositive();
        });
        assertThat(report.get("phases")).filteredOn(p -> !p.get("phase").asText().equals("normal"))
                .allSatisfy(p -> assertThat(p.get("adversarialEvents").asLong()).isPositive());
        assertThat(report.get("ratios")).extracting(r -> r.get("phase").asText())
                .containsExactly("hub-instrument", "hub-ip", "hot-account", "power-law");
        assertThat(report.get("ratios")).allSatisfy(r -> assertThat(r.get("wall").asDouble()).isPositive());
        String markdown = Files.readString(Path.of(json.toString().replace(".json", ".md")));
        assertThat(markdown).contains("| normal |", "| hub-instrument |", "| hub-ip |", "| hot-account |", "| power-law |");
    }

    @Test
    void generatorsAreDeterministicAndInEventTimeOrder() {
        List<AdversarialGenerator> generators = List.of(new HubInstrument(500, 3, START, 7), new HubIp(500, 3, START, 7),
                new HotAccount(5_000, 3, START, 7), new PowerLawPayees(200, 2_000, 3, START, 7));
        for (AdversarialGenerator g : generators) {
            List<ReplayEvent> events = drain(new GeneratedSource(g, START));
            assertThat(events).as(g.shape()).hasSize((int) g.events());
            assertThat(events).extracting(ReplayEvent::timestamp).isSorted();
            assertThat(events.get(events.size() - 1).timestamp()).isLessThan(START + (g.days() + 1) * AdversarialGenerator.DAY_MS);
        }
        assertThat(drain(new GeneratedSource(new PowerLawPayees(200, 2_000, 3, START, 7), START)))
                .isEqualTo(drain(new GeneratedSource(new PowerLawPayees(200, 2_000, 3, START, 7), START)));
    }

    private static List<ReplayEvent> drain(EventSource source) {
        List<ReplayEvent> out = new ArrayList<>();
        ReplayEvent e;
        while ((e = source.next()) != null) {
            out.add(e);
        }
        return out;
    }
}
