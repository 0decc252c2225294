package io.flagstream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the harness, not a benchmark: every phase on 5,000 events with the quick matrix and 4 s
 * of latency traffic per configuration, so that a broken phase shows up in {@code mvn verify}. No figure
 * is checked beyond "measured something".
 */
class BenchmarkHarnessIT {

    @Test
    // A guard against a hung phase, not a performance check: on a loaded 2-core machine the two FlagStream runs
    // alone took over a minute (start-up of every sub-topology and the live global store included).
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    void everyPhaseRunsOnASmallLoad(@TempDir Path results) throws Exception {
        BenchOptions options = new BenchOptions(5_000, 3, 7, true, false, Combo.QUICK, Combo.QUICK, Duration.ofSeconds(4), 300, 5,
                Duration.ofSeconds(60), results);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Results r = new Harness(options, new PrintStream(log, true, StandardCharsets.UTF_8), "smoke test").run();
        List<Path> files = r.write(results, "smoke");

        assertThat(r.failures).as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(r.load.events()).isEqualTo(5_000);
        assertThat(r.raw.events()).isEqualTo(5_000);
        assertThat(r.reference.eventsPerSecond()).isPositive();
        assertThat(r.flagstream).extracting(Results.FlagStreamRun::combo).containsExactly("alos-1s-1t", "eos-1s-1t");
        assertThat(r.flagstream).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(Results.OK);
            assertThat(run.eventsPerSecond()).isPositive();
            assertThat(run.stateDirBytes()).isPositive();
            assertThat(run.stateDirBytesByKind()).containsKey("sst")
                    .satisfies(kinds -> assertThat(kinds.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(run.stateDirBytes()));
            assertThat(run.stateDirBytesByStore()).isNotEmpty();
        });
        assertThat(r.latency).hasSize(2).allSatisfy(l -> {
            assertThat(l.status()).isEqualTo(Results.OK);
            assertThat(l.casesMeasured()).isPositive();
            assertThat(l.appendToVisibleMs().p50()).isPositive();
        });
        assertThat(r.ratios).extracting(Results.Ratio::name).contains("eos-1s-1t / alos-1s-1t", "alos-1s-1t / raw");
        assertThat(r.peakRssBytes).isPositive();
        assertThat(Files.readString(files.get(0))).contains("\"flagstream\"");
        assertThat(Files.readString(files.get(1))).contains("| FlagStream alos-1s-1t | ok |");
    }
}
