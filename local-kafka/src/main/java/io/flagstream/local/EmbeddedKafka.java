package io.flagstream.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker in KRaft mode, running inside this JVM.
 *
 * <p>This is the production broker code from {@code org.apache.kafka:kafka_2.13} (the same
 * {@link KafkaRaftServer} that {@code kafka-server-start.sh} runs), not a mock and not
 * {@code TopologyTestDriver}: clients talk to it over TCP on the loopback interface, and it runs the
 * real group coordinator, transaction coordinator, log storage and KRaft controller. One process
 * plays both roles ({@code process.roles=broker,controller}). No Docker and no Kafka test jars are
 * needed.
 *
 * <p>Start-up, as {@link #start()} does it:
 * <ol>
 *   <li>take two free loopback ports (broker and controller listeners) from {@code ServerSocket(0)};
 *   <li>write the server properties, with the single-broker settings without which consumer groups and
 *       transactions hang on one broker ({@code offsets.topic.replication.factor=1},
 *       {@code transaction.state.log.replication.factor=1}, {@code transaction.state.log.min.isr=1}, the
 *       same two for the share-coordinator state topic) and {@code group.initial.rebalance.delay.ms=0};
 *   <li>format a fresh temporary log directory with {@code kafka.tools.StorageTool} (the code behind
 *       {@code kafka-storage.sh format}; it lives in {@code kafka_2.13}, so {@code kafka-tools} with its
 *       Connect/Jetty/Jersey dependencies is not needed);
 *   <li>{@code new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM).startup()};
 *   <li>wait until an {@link Admin} client sees the broker in {@code describeCluster}.
 * </ol>
 * {@link #close()} shuts the broker down, waits for it, and deletes the log directory.
 *
 * <p>Measured on the 2-core build machine (OpenJDK 17, Kafka 4.4.0):
 * <ul>
 *   <li>{@link #start()} in a fresh JVM: 3–4 s until the broker answers (2.9–4.2 s over four runs, the
 *       slower ones inside a Maven build; once 9.5 s while other builds loaded the shared machine), most
 *       of it class loading (the broker, Scala and the KRaft controller); a second broker in the same
 *       JVM: 0.3–0.6 s;
 *   <li>{@link #close()}: 0.3–0.6 s; {@code createTopics(3, ...)}: 50–140 ms;
 *   <li>first transaction ({@code initTransactions} to {@code commitTransaction}) ≈ 0.7 s and first
 *       consumer-group read + commit ≈ 0.9 s, each creating its internal topic on first use
 *       (0.9–1.3 s with the stock 50 partitions);
 *   <li>memory: the JVM holding the broker had 220–290 MB resident (about 400 MB with the stock
 *       partition counts and cleaner buffer).
 * </ul>
 *
 * <p>Settings that differ from a stock broker, all to keep a one-node local broker small and quick, and
 * all overridable through {@link Builder#brokerProperty(String, String)}:
 * {@code offsets.topic.num.partitions} and {@code transaction.state.log.num.partitions} are
 * {@value #INTERNAL_TOPIC_PARTITIONS} instead of 50, and {@code log.cleaner.dedupe.buffer.size} is 2 MiB
 * instead of 128 MiB (the embedded clusters of Kafka's Streams tests and of kafka-streams-examples do the
 * same, and use even 1 offsets partition). Topic auto-creation keeps Kafka's default (enabled).
 *
 * <p>Limits: the ports are picked, released, then bound by the broker, so another process could in
 * principle take one in between (start-up then fails with a bind error). A fatal broker error ends the
 * JVM, as in a stand-alone broker, because {@code KafkaRaftServer} uses Kafka's process-terminating
 * fault handler.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopics(3, "payouts", "logins");
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Partitions of {@code __consumer_offsets} and {@code __transaction_state} on this broker. */
    public static final int INTERNAL_TOPIC_PARTITIONS = 5;

    private static final int NODE_ID = 1;
    private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_INTERVAL_MS = 50;

    private final KafkaConfig config;
    private KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final String saslSslBootstrapServers;
    private final Admin admin;
    private final Duration startupDuration;
    private boolean closed;

    private EmbeddedKafka(KafkaConfig config, KafkaRaftServer server, Path dataDir, String bootstrapServers, String saslSslBootstrapServers,
                          Admin admin, Duration startupDuration) {
        this.config = config;
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.saslSslBootstrapServers = saslSslBootstrapServers;
        this.admin = admin;
        this.startupDuration = startupDuration;
    }

    /** Starts a broker with the default settings and returns once it answers admin requests. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    /** A builder for a broker with extra or overridden server properties. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, for example {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The {@code bootstrap.servers} of the SASL_SSL (SCRAM-SHA-512) listener, null unless the builder asked for
     * one ({@link Builder#saslSslListener}). The PLAINTEXT listener stays for the broker's own admin client.
     */
    public String saslSslBootstrapServers() {
        return saslSslBootstrapServers;
    }

    /**
     * The broker's own admin client. It belongs to this broker and is closed by {@link #close()}: use it,
     * do not close it.
     */
    public Admin admin() {
        return admin;
    }

    /** How long {@link #start()} took, from choosing ports to the broker answering admin requests. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /**
     * Creates the topics with the given number of partitions (replication factor 1) and waits until every
     * partition has a leader. A topic that already exists with the same partition count is left as it is,
     * so the call is idempotent.
     *
     * @throws IllegalStateException if a topic already exists with another partition count
     */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** As {@link #createTopics(int, String...)}, with {@code cleanup.policy=compact} (the OCSF findings topic). */
    public void createCompactedTopics(int partitions, String... names) {
        createTopics(partitions, Map.of("cleanup.policy", "compact"), names);
    }

    private void createTopics(int partitions, Map<String, String> configs, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        List<String> topics = Arrays.asList(names);
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = topics.stream().map(name -> new NewTopic(name, partitions, (short) 1).configs(configs)).toList();
        admin.createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + name, e);
            }
        });
        awaitLeaders(topics, partitions);
    }

    private void awaitLeaders(List<String> topics, int partitions) {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            Map<String, TopicDescription> descriptions = null;
            try {
                descriptions = admin.describeTopics(topics).allTopicNames().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Not visible in the broker's metadata yet: try again until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
            }
            if (descriptions != null) {
                for (TopicDescription description : descriptions.values()) {
                    int actual = description.partitions().size();
                    if (actual != partitions) {
                        throw new IllegalStateException("Topic " + description.name() + " already exists with "
                                + actual + " partitions, not " + partitions);
                    }
                }
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (allLed) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + topics + " have no leader after " + TOPIC_TIMEOUT);
            }
            pause();
        }
    }

    /**
     * Shuts the broker down cleanly and keeps its log directory, as a broker restart or a maintenance outage
     * would: clients lose their connections until {@link #restartBroker()}. Does nothing if it is already down.
     */
    public synchronized void stopBroker() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Kafka broker at {} stopped (log dir kept for a restart)", bootstrapServers);
        }
    }

    /** Starts the broker again on the same ports and log directory and waits until it answers admin requests. */
    public synchronized void restartBroker() {
        if (closed) {
            throw new IllegalStateException("The broker at " + bootstrapServers + " is closed");
        }
        if (server == null) {
            long begin = System.nanoTime();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady(admin, bootstrapServers, DEFAULT_READY_TIMEOUT);
            LOG.info("Kafka broker at {} restarted in {} ms", bootstrapServers, millisSince(begin));
        }
    }

    /** Shuts the broker down, waits until it has stopped, and deletes its log directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            try {
                stopBroker();
            } finally {
                deleteRecursively(dataDir);
            }
        }
        LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers, millisSince(begin));
    }

    /** Collects extra broker properties, then starts the broker. */
    public static final class Builder {
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Path saslSslKeyStore;
        private String saslSslKeyStorePassword;
        private final Map<String, String> scramUsers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a SASL_SSL listener (SCRAM-SHA-512; the server certificate from a PKCS12 key store) beside the
         * PLAINTEXT one, with the given SCRAM users (name → password) created when the storage is formatted.
         */
        public Builder saslSslListener(Path keyStore, String keyStorePassword, Map<String, String> users) {
            this.saslSslKeyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.saslSslKeyStorePassword = Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            this.scramUsers.putAll(users);
            return this;
        }

        /** Adds or overrides one server property (for example {@code auto.create.topics.enable=false}). */
        public Builder brokerProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds or overrides several server properties. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer; 60 s unless set. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Formats a fresh log directory, starts the broker and waits until it answers admin requests. */
        public EmbeddedKafka start() {
            long begin = System.nanoTime();
            Path dataDir = createTempDir();
            KafkaRaftServer server = null;
            Admin admin = null;
            try {
                int brokerPort = freePort();
                int controllerPort = freePort();
                Properties props = serverProperties(dataDir, brokerPort, controllerPort);
                String saslSsl = null;
                if (saslSslKeyStore != null) {
                    int saslPort = freePort();
                    saslSsl = "127.0.0.1:" + saslPort;
                    addSaslSslListener(props, saslPort);
                }
                format(props, dataDir, scramUsers);
                KafkaConfig config = KafkaConfig.fromProps(props, false);
                server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                String bootstrap = "127.0.0.1:" + brokerPort;
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                awaitReady(admin, bootstrap, readyTimeout);
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                LOG.info("Kafka broker (KRaft, broker+controller) ready at {} in {} ms, log dir {}",
                        bootstrap, took.toMillis(), dataDir);
                return new EmbeddedKafka(config, server, dataDir, bootstrap, saslSsl, admin, took);
            } catch (RuntimeException | Error e) {
                if (admin != null) {
                    admin.close(Duration.ZERO);
                }
                if (server != null) {
                    try {
                        server.shutdown();
                        server.awaitShutdown();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                deleteRecursively(dataDir);
                throw e;
            }
        }

        private Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(NODE_ID));
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
            props.put("log.dirs", dataDir.resolve("logs").toString());
            props.put("num.partitions", "1");
            // Without these a single broker cannot create the internal topics: groups and transactions hang.
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            // The first member of a group should not wait 3 s for others.
            props.put("group.initial.rebalance.delay.ms", "0");
            // Small and quick on one node (see the class Javadoc).
            props.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
            props.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
            props.put("log.cleaner.dedupe.buffer.size", Long.toString(2L * 1024 * 1024));
            props.putAll(overrides);
            return props;
        }

        private void addSaslSslListener(Properties props, int port) {
            props.put("listeners", props.getProperty("listeners") + ",SASL_SSL://127.0.0.1:" + port);
            props.put("advertised.listeners", props.getProperty("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("listener.name.sasl_ssl.ssl.keystore.location", saslSslKeyStore.toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", saslSslKeyStorePassword);
            props.put("listener.name.sasl_ssl.ssl.key.password", saslSslKeyStorePassword);
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        }
    }

    /** Runs the equivalent of {@code kafka-storage.sh format --cluster-id <random> --config <file>}. */
    private static void format(Properties props, Path dataDir, Map<String, String> scramUsers) {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "EmbeddedKafka");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()));
        // SCRAM credentials live in the cluster metadata; on KRaft the format step can write the first ones.
        scramUsers.forEach((name, password) -> args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + name + ",password=" + password + "]")));
        int exitCode;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), printer);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting the Kafka log directory failed: " + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka log directory failed with exit code " + exitCode
                    + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(Admin admin, String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the broker at " + bootstrap, e);
            }
            pause();
        }
        throw new IllegalStateException("Kafka broker at " + bootstrap + " not ready after " + timeout, last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback address", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("flagstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for the Kafka logs", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    failures.add(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the Kafka log directory {}: {}", root, e.toString());
            return;
        }
        if (!failures.isEmpty()) {
            LOG.warn("Could not delete {} paths under {}, first: {}", failures.size(), root, failures.get(0).toString());
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
