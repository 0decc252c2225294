package io.flagstream.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end scenarios as {@link FlagStreamIT} ({@link FlagStreamScenarios}), against the kind of
 * stack {@code docker/compose.yaml} runs: an {@code apache/kafka} broker and a Confluent Schema Registry
 * ({@code confluentinc/cp-schema-registry}, wired as in the compose file) that stores its schemas in that
 * broker, both on one Docker network. The app and the test run in this JVM and reach them through the
 * mapped ports. The broker image is an older 4.x than the 4.4 clients on purpose: it also checks that
 * FlagStream runs against a broker that is not the newest.
 *
 * <p>Skipped, not failed, where no Docker engine answers ({@code disabledWithoutDocker}), as on the build
 * machine, which has only the docker client.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Testcontainers(disabledWithoutDocker = true)
class FlagStreamContainersIT extends FlagStreamScenarios {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String SCHEMA_REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.0.0";
    /** The broker's listener for other containers on the network (the registry), as in docker/compose.yaml. */
    private static final String KAFKA_INTERNAL_LISTENER = "kafka:19092";
    private static final int SCHEMA_REGISTRY_PORT = 8081;

    @Override
    @SuppressWarnings("resource") // closed through the Environment's resources
    protected Environment startEnvironment() {
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withListener(KAFKA_INTERNAL_LISTENER);
        GenericContainer<?> registry = new GenericContainer<>(SCHEMA_REGISTRY_IMAGE)
                .withNetwork(network)
                .withNetworkAliases("schema-registry")
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + SCHEMA_REGISTRY_PORT)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_INTERNAL_LISTENER)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1")
                .withExposedPorts(SCHEMA_REGISTRY_PORT)
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        try {
            registry.start(); // starts kafka first (dependsOn)
        } catch (RuntimeException e) {
            registry.stop();
            kafka.stop();
            network.close();
            throw e;
        }
        String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(SCHEMA_REGISTRY_PORT);
        return new Environment(kafka.getBootstrapServers(), registryUrl, List.of(network, kafka, registry));
    }
}
