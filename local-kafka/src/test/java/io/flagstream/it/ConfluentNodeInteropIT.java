package io.flagstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.Payout;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FlagStream against Confluent's official Node.js client ({@code @confluentinc/schemaregistry}, pinned in
 * {@code interop/confluent-node/package-lock.json}) on a real broker and the project's registry server: payouts
 * serialized by Confluent's AvroSerializer, with an inline schema and with a schema that references
 * PaymentInstrument, raise alerts; FlagStream's alerts decode with Confluent's AvroDeserializer.
 *
 * <p>Needs {@code node} and {@code npm} (skipped with a message without them); runs {@code npm ci} once when
 * the packages are not installed, which needs the npm registry.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ConfluentNodeInteropIT {

    private static final Path PROJECT = Path.of("..", "interop", "confluent-node").toAbsolutePath().normalize();
    private static final Path AVRO = Path.of("..", "schemas", "src", "main", "avro", "io", "flagstream", "events")
            .toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    @BeforeAll
    static void nodeAndConfluentsClient() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not installed: skipping the interop test with Confluent's Node.js client");
        if (!Files.isDirectory(PROJECT.resolve("node_modules").resolve("@confluentinc").resolve("schemaregistry"))) {
            Result install = run(Duration.ofMinutes(4), Map.of(), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as("npm ci in " + PROJECT + ":\n" + install.output()).isZero();
        }
    }

    @Test
    void confluentSerializedPayoutsRaiseAlertsThatConfluentDeserializes(@TempDir Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             LocalSchemaRegistryServer registry = new LocalSchemaRegistryServer().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Environment environment = new Environment(kafka.bootstrapServers(), registry.url(), List.of());
            String run = "node-" + UUID.randomUUID().toString().substring(0, 8);
            FlagStreamConfig config = ConfigLoader.load(ItKafka.settings(environment, run, "at_least_once", stateDir), Map.of());
            TopicNames names = config.topics();
            ItKafka.createAppTopics(admin, names, 3);
            Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url())));
            Path inlineSchema = stateDir.resolve("Payout-inline.avsc");
            Files.writeString(inlineSchema, Payout.getClassSchema().toString());
            String a16 = SharedPayoutInstrumentDetector.ID;
            Map<String, String> nodeEnv = Map.of(
                    "BOOTSTRAP", kafka.bootstrapServers(), "REGISTRY", registry.url(),
                    "PAYOUTS", names.payouts(), "ALERTS", names.alerts(),
                    "T0_MS", Long.toString(T0.toEpochMilli()), "AVRO_DIR", AVRO.toString(),
                    "INLINE_PAYOUT_SCHEMA", inlineSchema.toString(),
                    "EXPECT", a16 + " wallet-inline," + a16 + " wallet-refs");

            try (FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
                 TopicReader<FraudAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), topics.alerts());
                 TopicReader<DeadLetter> deadLetters = new TopicReader<>(kafka.bootstrapServers(), topics.deadLetter())) {
                await("FlagStream reaches RUNNING").atMost(WAIT)
                        .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);

                Result produced = run(Duration.ofMinutes(1), nodeEnv, "node", "interop.mjs", "produce");
                assertThat(produced.exitCode()).as(produced.output()).isZero();

                await("A16 alerts for the payouts of both Confluent-serialized schemas").atMost(WAIT).pollInSameThread()
                        .until(() -> alerts.poll().stream().map(r -> r.value().getRuleId() + " " + r.value().getEntity().getId())
                                .toList().containsAll(List.of(a16 + " wallet-inline", a16 + " wallet-refs")));
                await("every input record committed").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> ProgressWatcher.lag(admin, config.kafka().applicationId(),
                                List.of(names.payouts(), names.logins(), names.accountChanges())), lag -> lag == 0);
                await("the dead-letter topic read to its end").atMost(WAIT).pollInSameThread().until(deadLetters::readToEnd);
                assertThat(deadLetters.values()).extracting(DeadLetter::getReason).as("dead letters").isEmpty();

                Result consumed = run(Duration.ofMinutes(2), nodeEnv, "node", "interop.mjs", "consume");
                assertThat(consumed.exitCode()).as(consumed.output()).isZero();
                assertThat(consumed.output()).contains(a16 + " wallet-inline", a16 + " wallet-refs");
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static boolean runs(String... command) {
        try {
            return run(Duration.ofSeconds(30), Map.of(), command).exitCode() == 0;
        } catch (IOException e) {
            return false; // not installed
        }
    }

    private static Result run(Duration timeout, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("interop-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted running " + List.of(command), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
