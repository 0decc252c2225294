package io.flagstream.it;

import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.config.RawConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The production image, built from {@code docker/Dockerfile} around the jar of this very build, run in a
 * container against a real broker and registry: the embedded KRaft broker ({@link EmbeddedKafka}) and the
 * Confluent-API registry ({@link LocalSchemaRegistryServer}) in this JVM, reached over 127.0.0.1 because the
 * container shares the host's network. It proves what only the image can get wrong: the entrypoint and baked
 * configuration start the app, environment variables override it, {@code /ready} answers on the published
 * port, planted events raise an alert, and {@code docker stop} (SIGTERM) ends the app cleanly well within
 * the stop timeout instead of being killed. And the tools image ({@code docker/tools.Dockerfile}), run with the
 * command of compose's "simulator" service, simulates and produces onto the same broker.
 *
 * <p>Runs wherever a Docker API answers: Docker, or podman's ({@code docker/podman-setup.sh}, which CI runs;
 * no image registry is needed, the base image is local). Skipped, not failed, where none does.
 */
@Tag("integration")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlagStreamContainersIT {

    /** Local tag of the image under test, rebuilt by every run (≈ 15 s here: only the jar layer changes). */
    static final String IMAGE = "localhost/flagstream:it";
    static final String TOOLS_IMAGE = "localhost/flagstream-tools:it";
    /** What docker stop (SIGTERM, then SIGKILL) allows; the app's own close timeout is 30 s. */
    private static final int STOP_TIMEOUT_SECONDS = 45;
    /** The JVM's exit status after SIGTERM once its shutdown hooks finished; SIGKILL would be 137. */
    private static final long EXIT_AFTER_SIGTERM = 128 + 15;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private EmbeddedKafka kafka;
    private LocalSchemaRegistryServer registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startBrokerAndRegistry() {
        kafka = EmbeddedKafka.start();
        registry = new LocalSchemaRegistryServer().start();
    }

    @AfterAll
    void stopBrokerAndRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theImageRunsTheAppWhichAlertsAndStopsCleanlyOnSigterm() throws Exception {
        String run = "c" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames names = topicNames(run);
        kafka.createTopics(3, names.payouts(), names.logins(), names.accountChanges(), names.alerts(), names.deadLetter());
        kafka.createCompactedTopics(3, names.findings());
        kafka.createCompactedTopics(1, names.config(), names.allowList(), names.watchList(), names.liveState());
        kafka.createTopics(1, names.audit());
        int httpPort = freePort();

        try (GenericContainer<?> app = new GenericContainer<>(image())
                .withNetworkMode("host")
                .withEnv(environment(run, httpPort))
                .withStartupTimeout(Duration.ofMinutes(2))) {
            app.start();
            String base = "http://127.0.0.1:" + httpPort;
            await("the app in the container answers 200 on " + base + "/ready")
                    .atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(base + "/ready"), s -> s == 200);
            assertThat(status(base + "/health")).isEqualTo(200);

            Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url())));
            try (KafkaProducer<String, byte[]> producer = ItKafka.producer(new Environment(kafka.bootstrapServers(), registry.url(), List.of()));
                 TopicReader<FraudAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), topics.alerts())) {
                // A16: three accounts pay out to one wallet within the window.
                ItKafka.send(producer, topics, payout("acct-c1").to("wallet-c").id("c-p1").at(T0));
                ItKafka.send(producer, topics, payout("acct-c2").to("wallet-c").id("c-p2").at(T0.plus(ofHours(1))));
                ItKafka.send(producer, topics, payout("acct-c3").to("wallet-c").id("c-p3").at(T0.plus(ofHours(2))));
                producer.flush();
                await("an A16 alert for wallet-c on " + names.alerts())
                        .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> alerts.poll().stream().map(ConsumerRecord::value).anyMatch(a ->
                                SharedPayoutInstrumentDetector.ID.equals(a.getRuleId()) && "wallet-c".equals(a.getEntity().getId())));
            }

            long stopStarted = System.nanoTime();
            app.getDockerClient().stopContainerCmd(app.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);
            InspectContainerResponse.ContainerState state = app.getDockerClient()
                    .inspectContainerCmd(app.getContainerId()).exec().getState();
            String logs = app.getLogs();
            assertThat(state.getExitCodeLong()).as("exit status after docker stop; logs:%n%s", logs).isEqualTo(EXIT_AFTER_SIGTERM);
            assertThat(stopTook).as("time docker stop took").isLessThan(Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
            assertThat(logs).contains("Kafka Streams state PENDING_SHUTDOWN -> NOT_RUNNING");
        }
    }

    /**
     * The tools image as compose's "simulator" service runs it: simulate a small population in the container,
     * then produce its events onto the broker through the registry. Every event written lands on the topics.
     */
    @Test
    void theToolsImageSimulatesAndProducesOntoTheBrokerAsTheComposeSimulatorDoes() {
        String run = "t" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames names = topicNames(run);
        kafka.createTopics(3, names.payouts(), names.logins(), names.accountChanges());
        String command = String.join("\n",
                "set -euo pipefail",
                "java -jar /opt/flagstream/flagstream-tools.jar simulate --out /tmp/sim --seed 42 --accounts 100 --days 14 --teams 1",
                "java -jar /opt/flagstream/flagstream-tools.jar produce --events /tmp/sim/events.jsonl"
                        + " --bootstrap-servers " + kafka.bootstrapServers() + " --schema-registry-url " + registry.url()
                        + " --topics payouts=" + names.payouts() + ",logins=" + names.logins()
                        + ",account-changes=" + names.accountChanges());

        try (GenericContainer<?> simulator = new GenericContainer<>(toolsImage())
                .withNetworkMode("host")
                // One argument after -c, as compose passes its block: withCommand(String) would split it on spaces.
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/bash", "-c").withCmd(command))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)))) {
            simulator.start(); // returns once the container exited 0, fails otherwise
            String logs = simulator.getLogs();
            long written = count(logs, "Wrote ([0-9,.]+) events");
            assertThat(count(logs, "Produced ([0-9,.]+) events")).as("logs:%n%s", logs).isEqualTo(written).isPositive();

            Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url())));
            long landed = 0;
            for (Topic<String, ?> topic : List.of(topics.payouts(), topics.logins(), topics.accountChanges())) {
                try (TopicReader<?> reader = new TopicReader<>(kafka.bootstrapServers(), topic)) {
                    landed += reader.endOffsetTotal();
                }
            }
            assertThat(landed).as("records on the three input topics").isEqualTo(written);
        }
    }

    private static long count(String logs, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(logs);
        assertThat(m.find()).as("'%s' in the logs:%n%s", pattern, logs).isTrue();
        return Long.parseLong(m.group(1).replaceAll("[,.]", ""));
    }

    /** The image built from docker/tools.Dockerfile with the one file it copies as context: the shaded tools jar. */
    private static ImageFromDockerfile toolsImage() {
        Path jar = REPOSITORY.resolve("tools/target/flagstream-tools.jar");
        assertThat(jar).as("the tools jar (the reactor packages tools before this module's tests)").exists();
        return new ImageFromDockerfile(TOOLS_IMAGE, false)
                .withFileFromPath("Dockerfile", REPOSITORY.resolve("docker/tools.Dockerfile"))
                .withFileFromPath("tools/target/flagstream-tools.jar", jar);
    }

    /** The image built from docker/Dockerfile with only the files it copies as context (the jar, the settings). */
    private static ImageFromDockerfile image() {
        Path jar = REPOSITORY.resolve("streams-app/target/flagstream.jar");
        assertThat(jar).as("the app jar (the reactor packages streams-app before this module's tests)").exists();
        return new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath("Dockerfile", REPOSITORY.resolve("docker/Dockerfile"))
                .withFileFromPath("streams-app/target/flagstream.jar", jar)
                .withFileFromPath("docker/app.properties", REPOSITORY.resolve("docker/app.properties"));
    }

    /** The image's baked settings, overridden the way compose and Kubernetes do it: environment variables. */
    private Map<String, String> environment(String run, int httpPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLAGSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("FLAGSTREAM_SCHEMA_REGISTRY_URL", registry.url());
        env.put("FLAGSTREAM_APPLICATION_ID", "flagstream-" + run);
        env.put("FLAGSTREAM_HTTP_PORT", Integer.toString(httpPort));
        TopicNames.prefixedSettings(run + "-").forEach((key, value) -> env.put(RawConfig.envName(key), value));
        return env;
    }

    /** The run's topic names, read back through the app's own config loader from the settings passed to the container. */
    private static TopicNames topicNames(String run) {
        Map<String, String> settings = new LinkedHashMap<>(TopicNames.prefixedSettings(run + "-"));
        settings.put("flagstream.bootstrap.servers", "unused:9092");
        settings.put("flagstream.schema.registry.url", "mock://unused");
        return ConfigLoader.load(settings, Map.of()).topics();
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
