package io.flagstream.it;

import io.flagstream.app.FlagStreamApp;
import io.flagstream.local.ProgressWatcher;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end scenarios: the whole app ({@link FlagStreamApp#start}) against a real Kafka cluster and a
 * Confluent-API schema registry reached over HTTP, fed Avro events through our own serde and read back
 * from the alerts and dead-letter topics. Subclasses say where the cluster and registry come from
 * ({@link #startEnvironment()}): {@link FlagStreamIT} in this JVM. ({@link FlagStreamContainersIT} runs the
 * production image instead, on the same kind of broker and registry.) One environment per class; every test gets its own topics and application id, so tests never
 * see each other's records, state or consumer group.
 *
 * <p>The scenarios are grouped by theme, one nested class each, written in a class of its own that extends
 * {@link ScenarioBase} (the steps they share): {@link AlertAndDeadLetterScenarios}, {@link RiskQueryScenarios},
 * {@link StartUpCheckScenarios}, {@link LiveChangeScenarios} and {@link ProduceCommandScenarios}. The nested
 * classes run them all on this class's one environment.
 *
 * <p>Event times of one scenario span hours, not days: records of different partitions reach a
 * repartition topic in no fixed order, and a detector drops events more than its grace (1 d) behind the
 * newest it has seen. The window arithmetic itself is covered by the detector tests on
 * {@code TopologyTestDriver}; here the point is the plumbing.
 *
 * <p>"Nothing else was raised" is asserted only after the app's consumer group has committed every input
 * and repartition record ({@link ProgressWatcher#lag}): a Streams commit flushes (ALOS) or commits in the
 * same transaction (EOS) everything those records produced, so at that point every alert they cause is
 * readable.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FlagStreamScenarios {

    /** Starts the cluster and registry that every test of the class shares. */
    protected abstract Environment startEnvironment();

    private Environment environment;
    private Admin admin;

    @BeforeAll
    void startEnvironmentOnce() {
        environment = startEnvironment();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers()));
    }

    @AfterAll
    void stopEnvironment() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        } finally {
            if (environment != null) {
                environment.close();
            }
        }
    }

    @Nested
    class AlertsAndDeadLetters extends AlertAndDeadLetterScenarios {
        AlertsAndDeadLetters() {
            super(environment, admin);
        }
    }

    @Nested
    class RiskQuery extends RiskQueryScenarios {
        RiskQuery() {
            super(environment, admin);
        }
    }

    @Nested
    class StartUpChecks extends StartUpCheckScenarios {
        StartUpChecks() {
            super(environment, admin);
        }
    }

    @Nested
    class LiveChanges extends LiveChangeScenarios {
        LiveChanges() {
            super(environment, admin);
        }
    }

    @Nested
    class ProduceCommand extends ProduceCommandScenarios {
        ProduceCommand() {
            super(environment, admin);
        }
    }
}
