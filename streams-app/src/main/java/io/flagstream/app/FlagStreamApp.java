package io.flagstream.app;

import io.flagstream.config.ConfigException;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.HttpSettings;
import io.flagstream.config.StreamsProperties;
import io.flagstream.detect.DetectorStores;
import io.flagstream.errors.HandlerDeadLetters;
import io.flagstream.live.LiveSettings;
import io.flagstream.live.LiveStateDeadLetters;
import io.flagstream.metrics.JvmProcessMetrics;
import io.flagstream.metrics.OutputCounters;
import io.flagstream.serde.SchemaRegistryClient;
import io.flagstream.serde.SchemaWriting;
import io.flagstream.topics.Topics;
import io.flagstream.topology.FlagStreamTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running FlagStream instance: checks the topics, builds the topology, starts Kafka Streams and the HTTP
 * endpoint. Never calls {@code cleanUp()}: local state survives restarts (the {@code reset-local-state}
 * command exists for when it must not).
 */
public final class FlagStreamApp implements AutoCloseable {
    /**
     * How long {@link #close()} gives Kafka Streams to flush its stores and commit. A container's stop grace period
     * (docker/compose.yaml's stop_grace_period, the Helm chart's terminationGracePeriodSeconds) must be longer.
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(FlagStreamApp.class);

    private final KafkaStreams streams;
    private final HttpEndpoint http;
    private final DataApiServer api;
    private final PrometheusMeterRegistry metrics;
    /**
     * How often Micrometer looks for new Kafka metrics (e.g. after a rebalance). Each look compares every metric
     * with every meter: with our dozens of stores and their metrics that took ≈ 2 s of CPU, a third of what
     * the stream thread used in a benchmark at Micrometer's default of 1 min.
     */
    static final Duration METRICS_REFRESH = Duration.ofMinutes(5);
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmProcessMetrics jvmMetrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LiveStateDeadLetterProducer liveStateDeadLetters;
    private final boolean staticMember;

    private FlagStreamApp(KafkaStreams streams, HttpEndpoint http, DataApiServer api, PrometheusMeterRegistry metrics,
                          KafkaStreamsMetrics streamsMetrics, JvmProcessMetrics jvmMetrics,
                          LiveStateDeadLetterProducer liveStateDeadLetters, boolean staticMember) {
        this.streams = streams;
        this.staticMember = staticMember;
        this.liveStateDeadLetters = liveStateDeadLetters;
        this.http = http;
        this.api = api;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
        this.jvmMetrics = jvmMetrics;
    }

    public static FlagStreamApp start(FlagStreamConfig config, SchemaRegistryClient registry, Clock clock) {
        Properties props = StreamsProperties.from(config.kafka());
        String applicationServer = config.http().applicationServer();
        if (applicationServer != null) {
            // Interactive queries: other instances learn where each account's risk profile lives.
            props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        int inputPartitions;
        try (Admin admin = Admin.create(adminProperties(props))) {
            inputPartitions = TopicsCheck.verify(admin, config.topics(), config.ocsf().enabled());
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Topics topics = OutputCounters.counting(Topics.create(config.topics(), registry, SchemaWriting.from(config.schemaRegistry())), metrics);
        // Bad input, a processor failing on one record and output the broker refuses go to the dead-letter topic.
        HandlerDeadLetters.install(props, topics.deadLetter(), clock);
        LiveStateDeadLetterProducer liveStateDeadLetters = new LiveStateDeadLetterProducer(props, topics.deadLetter());
        props.put(LiveStateDeadLetters.CONFIG, liveStateDeadLetters);
        KafkaStreams streams;
        try {
            Topology topology = FlagStreamTopology.build(new LiveSettings(config, clock), topics, clock, props,
                    new DetectorStores(config.kafka().storeType()), inputPartitions);
            log.debug("Topology:\n{}", topology.describe());
            streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            liveStateDeadLetters.close();
            metrics.close();
            throw e;
        }
        JvmProcessMetrics jvmMetrics = new JvmProcessMetrics().bindTo(metrics);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "micrometer-kafka-metrics");
                    t.setDaemon(true);
                    return t;
                }), METRICS_REFRESH);
        HttpEndpoint http = null;
        DataApiServer api = null;
        HttpSettings settings = config.http();
        try {
            streamsMetrics.bindTo(metrics);
            if (settings.enabled()) {
                try {
                    http = new HttpEndpoint(settings.bindAddress(), settings.port(), streams::state, metrics);
                } catch (IOException e) {
                    throw new ConfigException("flagstream.http.port", "cannot listen on " + settings.bindAddress() + ":" + settings.port() + ": " + e.getMessage());
                }
                log.info("Health, readiness and metrics on http://{}:{}/health, /ready, /metrics", settings.bindAddress(), http.port());
            }
            if (settings.api().enabled()) {
                AccountRiskHandler risk = new AccountRiskHandler(AccountRiskHandler.of(streams, applicationServer == null ? null
                        : org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(applicationServer)),
                        config.risk(), config.clusters(), settings.api().scheme(), settings.api().showSharedValues());
                try {
                    api = new DataApiServer(settings.bindAddress(), settings.api(),
                            settings.api().tls() == null ? null : ServerTls.context(settings.api().tls()), risk::handle);
                } catch (IOException e) {
                    throw new ConfigException("flagstream.http.api.port", "cannot listen on " + settings.bindAddress() + ":" + settings.api().port() + ": " + e.getMessage());
                }
                log.info("Data API on {}://{}:{}/accounts/{{id}}/risk for {}", settings.api().scheme(), settings.bindAddress(), api.port(), settings.api().tokens());
            }
            FlagStreamApp app = new FlagStreamApp(streams, http, api, metrics, streamsMetrics, jvmMetrics,
                    liveStateDeadLetters, config.kafka().groupInstanceId() != null);
            streams.setStateListener((now, before) -> {
                log.info("Kafka Streams state {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    app.stopped.countDown();
                }
            });
            streams.setUncaughtExceptionHandler(e -> {
                // A processing error is a bug, not bad input (bad input goes to the dead-letter topic): stop
                // visibly so the orchestrator restarts us and alerts, instead of looping on a replaced thread.
                log.error("Stream thread failed; shutting down", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            return app;
        } catch (RuntimeException e) {
            // Nothing may outlive a failed start: the caller gets the exception, not a half-started app.
            streams.close(Duration.ofSeconds(10));
            if (http != null) {
                http.close();
            }
            if (api != null) {
                api.close();
            }
            streamsMetrics.close();
            jvmMetrics.close();
            metrics.close();
            liveStateDeadLetters.close();
            throw e;
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The data API's port, -1 when it is off. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    /** Blocks until the Streams client stops; true if it stopped cleanly. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() != KafkaStreams.State.ERROR;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the app. Without static membership it leaves the consumer group at once, so the other instances take its
     * tasks and a restart under the same application id does not wait the session timeout (45 s) for this member;
     * a static member stays, so that its restart takes the same tasks back without any rebalance.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(staticMember
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (http != null) {
            http.close();
        }
        if (api != null) {
            api.close();
        }
        streamsMetrics.close();
        jvmMetrics.close();
        metrics.close();
        liveStateDeadLetters.close();
    }

    private static Map<String, Object> adminProperties(Properties streamsProps) {
        Map<String, Object> admin = new HashMap<>();
        // Security and other client settings apply to the admin client too.
        streamsProps.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                admin.put(k.toString(), v);
            }
        });
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-startup-check");
        return admin;
    }
}
