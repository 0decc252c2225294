package io.flagstream.tools;

import io.flagstream.app.FlagStreamCli;
import io.flagstream.config.FlagStreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code produce} connects to and writes to, decided before anything reaches a broker. */
class ProduceCommandTest {

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichStillWinsOverTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "flagstream.topics.logins=file-logins\n");
        ProduceCommand produce = new ProduceCommand();
        new CommandLine(produce).parseArgs("--events", "events.jsonl", "--config", file.toString(),
                "--bootstrap-servers", "cli:9092", "--schema-registry-url", "mock://cli", "--topics", "payouts=cli-payouts");

        // As in the app's container: its own brokers, registry and topics in FLAGSTREAM_* variables.
        FlagStreamConfig config = produce.config(Map.of(
                "FLAGSTREAM_BOOTSTRAP_SERVERS", "app:9092",
                "FLAGSTREAM_SCHEMA_REGISTRY_URL", "mock://app",
                "FLAGSTREAM_TOPICS_PAYOUTS", "app-payouts",
                "FLAGSTREAM_TOPICS_LOGINS", "app-logins"));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("cli:9092");
        assertThat(config.schemaRegistry().url()).isEqualTo("mock://cli");
        assertThat(config.topics().payouts()).isEqualTo("cli-payouts");
        assertThat(config.topics().logins()).as("not on the command line: the environment, as for the app").isEqualTo("app-logins");
        assertThat(config.topics().accountChanges()).isEqualTo("account-changes");
    }

    @Test
    void anUnknownTopicKindIsAUsageErrorWithExitCode2(@TempDir Path dir) throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        StringWriter err = new StringWriter();

        int exitCode = ToolsCli.commandLine().setErr(new PrintWriter(err, true)).execute("produce",
                "--events", events.toString(), "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "mock://produce-test",
                "--topics", "payout=p");

        assertThat(exitCode).isEqualTo(FlagStreamCli.CONFIG_ERROR);
        assertThat(err.toString()).contains("--topics: 'payout' is not one of");
    }
}
