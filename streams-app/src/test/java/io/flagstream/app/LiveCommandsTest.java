package io.flagstream.app;

import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The live-change commands refuse what the rules alone refuse, before anything reaches a broker. */
class LiveCommandsTest {
    private final StringWriter err = new StringWriter();

    private int cli(Path config, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return FlagStreamCli.commandLine().setErr(new PrintWriter(err, true)).execute(all);
    }

    private static Path config(Path dir) throws Exception {
        // No broker listens here: a refused change must never try to reach one.
        return Files.writeString(dir.resolve("app.properties"),
                "flagstream.bootstrap.servers=127.0.0.1:1\nflagstream.schema.registry.url=mock://live-commands-test\n"
                        + "flagstream.live.signing.key=" + TopologyFixture.SIGNING_KEY + "\n");
    }

    @Test
    void withoutASigningKeyNothingIsPublished(@TempDir Path dir) throws Exception {
        Path unsigned = Files.writeString(dir.resolve("unsigned.properties"),
                "flagstream.bootstrap.servers=127.0.0.1:1\nflagstream.schema.registry.url=mock://live-commands-test\n");
        assertThat(cli(unsigned, "config-set", "flagstream.detector.a16-shared-payout-instrument.min-accounts", "4"))
                .isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("flagstream.live.signing.key is required to publish live changes");
    }

    @Test
    void aChangeBeyondTheLiveBoundsIsRefusedBeforePublishing(@TempDir Path dir) throws Exception {
        assertThat(cli(config(dir), "config-set", "flagstream.detector.a16-shared-payout-instrument.enabled", "false"))
                .isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("cannot be switched off by a live change");
    }

    @Test
    void aSettingThatCannotChangeLiveIsRefusedWithExitCode2(@TempDir Path dir) throws Exception {
        assertThat(cli(config(dir), "config-set", "flagstream.topics.alerts", "other")).isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("flagstream.topics.alerts cannot be changed while the app runs");
    }

    @Test
    void aValueTheRulesRefuseIsRefusedWithExitCode2(@TempDir Path dir) throws Exception {
        assertThat(cli(config(dir), "config-set", "flagstream.detector.a16-shared-payout-instrument.min-accounts", "1"))
                .isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("must be at least 2 but is 1");
    }

    @Test
    void anAllowListEntryOfAnUnknownTypeIsRefused(@TempDir Path dir) throws Exception {
        assertThat(cli(config(dir), "allow-list", "add", "--type", "planet", "--id", "mars", "--reason", "r", "--by", "me"))
                .isEqualTo(FlagStreamCli.INPUT_ERROR);
        assertThat(err.toString()).contains("entity type 'planet' is not one of [account, ip, instrument]");
    }

    @Test
    void aWatchListEntryTheAppWouldRefuseIsRefusedBeforePublishing(@TempDir Path dir) throws Exception {
        assertThat(cli(config(dir), "watch-list", "add", "--id", "CASE-7", "--kind", "ip", "--value", "203.0.113.0/24",
                "--reason", "r", "--by", "me")).isEqualTo(FlagStreamCli.INPUT_ERROR);
        assertThat(err.toString()).contains("'203.0.113.0/24' is not one IPv4 or IPv6 address (ranges are not supported)");

        assertThat(cli(config(dir), "watch-list", "add", "--id", "CASE-8", "--kind", "instrument", "--value", "wallet-8",
                "--alias", "other", "--reason", " ", "--by", "me")).isEqualTo(FlagStreamCli.INPUT_ERROR);
        assertThat(err.toString()).contains("aliases [other] apply to kind name only, not instrument; empty reason");
    }

    @Test
    void watchListCommandsNeedTheSigningKeyAndAnId(@TempDir Path dir) throws Exception {
        Path unsigned = Files.writeString(dir.resolve("unsigned.properties"),
                "flagstream.bootstrap.servers=127.0.0.1:1\nflagstream.schema.registry.url=mock://live-commands-test\n");
        assertThat(cli(unsigned, "watch-list", "remove", "--id", "CASE-7")).isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("flagstream.live.signing.key is required to publish live changes");

        assertThat(cli(config(dir), "watch-list", "remove", "--id", " ")).isEqualTo(FlagStreamCli.INPUT_ERROR);
        assertThat(err.toString()).contains("the id of the entry to remove must not be empty");
    }

    @Test
    void watchListHelpNamesEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = FlagStreamCli.commandLine().setOut(new PrintWriter(out, true));

        assertThat(cli.execute("watch-list", "--help")).isZero();
        assertThat(out.toString()).contains("add", "remove");
        assertThat(cli.execute("watch-list", "add", "--help")).isZero();
        assertThat(out.toString()).contains("--id", "--kind", "--value", "--alias", "--programs", "--reason", "--by", "--config");
        assertThat(cli.execute("watch-list", "remove", "--help")).isZero();
    }
}
