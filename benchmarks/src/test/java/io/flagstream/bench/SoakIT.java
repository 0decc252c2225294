package io.flagstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Smoke test of the soak, not a soak: 30 s of light load, so that a broken soak command shows up in {@code mvn verify}. */
class SoakIT {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a guard against a hang; start-up on a loaded 2-core machine is slow
    void samplesTheChildAppsMemoryAndLagAndStopsItCleanly(@TempDir Path results) throws Exception {
        SoakCli soak = new SoakCli();
        new CommandLine(soak).parseArgs("--seconds", "30", "--rate", "200", "--sample-seconds", "5", "--heap", "512m",
                "--results-dir", results.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        SoakCli.Outcome outcome = soak.run(new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(outcome.sent()).as(log.toString(StandardCharsets.UTF_8)).isGreaterThan(5_000);
        assertThat(outcome.samples()).hasSizeGreaterThanOrEqualTo(6).allSatisfy(s -> assertThat(s.rssBytes()).isPositive());
        assertThat(outcome.finalLag()).isZero();
        assertThat(outcome.alerts()).as("planted A16 cases alert").isPositive();
        assertThat(outcome.childExit()).isEqualTo(SoakCli.EXIT_AFTER_SIGTERM);
        assertThat(Files.readString(outcome.summary())).contains("| RSS, mean of the last third |");
        assertThat(Files.readAllLines(outcome.csv())).hasSize(outcome.samples().size() + 1);
    }
}
