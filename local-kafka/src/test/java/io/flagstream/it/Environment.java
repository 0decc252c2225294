package io.flagstream.it;

import io.flagstream.local.EmbeddedKafka;
import io.flagstream.testing.LocalSchemaRegistryServer;
import java.util.List;

/**
 * A Kafka cluster and a Confluent-API schema registry for the end-to-end tests, and what to close when the
 * class is done.
 */
record Environment(String bootstrapServers, String schemaRegistryUrl, List<AutoCloseable> resources)
        implements AutoCloseable {

    /**
     * A real Apache Kafka broker (KRaft) started in this JVM by {@link EmbeddedKafka}, with a
     * {@link LocalSchemaRegistryServer} that the app and the test both reach over HTTP. No Docker needed.
     */
    static Environment embedded() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        LocalSchemaRegistryServer registry;
        try {
            registry = new LocalSchemaRegistryServer().start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new Environment(kafka.bootstrapServers(), registry.url(), List.of(kafka, registry));
    }

    /** The embedded broker of {@link #embedded()}, for tests that stop and restart it. */
    EmbeddedKafka broker() {
        return resources.stream().filter(EmbeddedKafka.class::isInstance).map(EmbeddedKafka.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("This environment has no embedded broker"));
    }

    /** Closes the resources in reverse order of the list (start the broker first, close it last). */
    @Override
    public void close() {
        IllegalStateException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not stop the test environment cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
