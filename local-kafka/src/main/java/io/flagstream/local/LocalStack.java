package io.flagstream.local;

import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.testing.LocalSchemaRegistryServer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code flagstream-local up} runs: an Apache Kafka broker (KRaft, in this JVM), a Confluent-API schema
 * registry over HTTP, FlagStream's topics, and the app itself, all on 127.0.0.1, for pointing one's own
 * producers (or the {@code produce} command) at it without Docker. Unlike the demo, the registry is a real
 * HTTP one, because outside producers register their schemas there.
 */
public final class LocalStack implements AutoCloseable {
    /** Partitions of the inputs and alerts: more than one, as in production (co-partitioned inputs). */
    static final int PARTITIONS = 3;

    private final EmbeddedKafka kafka;
    private final LocalSchemaRegistryServer registry;
    private final FlagStreamApp app;
    private final FlagStreamConfig config;
    private final Path stateDir;

    private LocalStack(EmbeddedKafka kafka, LocalSchemaRegistryServer registry, FlagStreamApp app, FlagStreamConfig config,
                       Path stateDir) {
        this.kafka = kafka;
        this.registry = registry;
        this.app = app;
        this.config = config;
        this.stateDir = stateDir;
    }

    /**
     * Starts the stack and returns once the app is RUNNING.
     *
     * @param settings FlagStream settings (e.g. detector thresholds); broker, registry and state directory
     *                 are the stack's own and win over any given here
     */
    public static LocalStack start(Map<String, String> settings, Duration startTimeout) throws InterruptedException {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("flagstream-local-state");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory", e);
        }
        // Keep records of any age: users replay recorded or simulated events dated weeks back.
        EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("log.retention.ms", "-1").start();
        LocalSchemaRegistryServer registry = null;
        FlagStreamApp app = null;
        try {
            registry = new LocalSchemaRegistryServer().start();
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.putIfAbsent("flagstream.application.id", "flagstream-local");
            all.put("flagstream.bootstrap.servers", kafka.bootstrapServers());
            all.put("flagstream.schema.registry.url", registry.url());
            all.put("flagstream.state.dir", stateDir.toString());
            FlagStreamConfig config = ConfigLoader.load(all, Map.of());
            createTopics(kafka, config.topics());
            app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), Clock.systemUTC());
            awaitRunning(app.streams(), startTimeout);
            return new LocalStack(kafka, registry, app, config, stateDir);
        } catch (RuntimeException | InterruptedException e) {
            if (app != null) {
                app.close();
            }
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            LocalDemo.deleteQuietly(stateDir);
            throw e;
        }
    }

    private static void createTopics(EmbeddedKafka kafka, TopicNames t) {
        kafka.createTopics(PARTITIONS, t.payouts(), t.logins(), t.accountChanges(), t.alerts(), t.deadLetter());
        kafka.createCompactedTopics(PARTITIONS, t.findings());
        // Live configuration, allow-list and watch-list; the config topic must have exactly one partition.
        kafka.createCompactedTopics(1, t.config(), t.allowList(), t.watchList(), t.liveState());
        // The audit trail of live changes is append-only: deleted by age, never compacted.
        kafka.createTopics(1, t.audit());
    }

    private static void awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing() || System.nanoTime() > deadline) {
                throw new IllegalStateException("FlagStream did not reach RUNNING within " + timeout + ": " + streams.state());
            }
            Thread.sleep(100); // polling a state, not waiting for time to pass
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    public FlagStreamConfig config() {
        return config;
    }

    public int httpPort() {
        return app.httpPort();
    }

    /** Blocks until the app stops (closed, or failed); true if it stopped cleanly. */
    public boolean awaitStop() throws InterruptedException {
        return app.awaitStop();
    }

    /** Stops the app (committing its work), then the registry and the broker, and deletes the local state. */
    @Override
    public void close() {
        try {
            app.close();
        } finally {
            registry.close();
            kafka.close();
            LocalDemo.deleteQuietly(stateDir);
        }
    }
}
