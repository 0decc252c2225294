package io.flagstream.it;

import io.flagstream.local.EmbeddedKafka;
import io.flagstream.testing.LocalSchemaRegistryServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end scenarios of {@link FlagStreamScenarios} on a real Apache Kafka broker (KRaft) started in
 * this JVM by {@link EmbeddedKafka}, with a {@link LocalSchemaRegistryServer} that the app and the test both
 * reach over HTTP with the Confluent registry API. Runs everywhere: no Docker needed. One broker and one
 * registry for the whole class.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlagStreamIT extends FlagStreamScenarios {

    @Override
    protected Environment startEnvironment() {
        return Environment.embedded();
    }
}
