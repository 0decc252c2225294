package io.flagstream.app;

import io.flagstream.config.ConfigLoader;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka settings FlagStream chooses unless the deployment says otherwise. */
class StreamsPropertiesTest {
    private static Properties from(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(TopologyFixture.baseSettings("streams-properties"));
        settings.putAll(extra);
        return StreamsProperties.from(ConfigLoader.load(settings, Map.of()).kafka());
    }

    @Test
    void producersLingerFiveMillisecondsNotStreamsHundred() {
        assertThat(from(Map.of()).get("producer.linger.ms")).isEqualTo(StreamsProperties.DEFAULT_LINGER_MS);
    }

    @Test
    void aLingerTheDeploymentGivesWins() {
        Properties props = from(Map.of("flagstream.kafka.linger.ms", "50"));
        assertThat(props.get("linger.ms")).isEqualTo("50");
        assertThat(props).doesNotContainKey("producer.linger.ms");
    }

    @Test
    void nonTransactionalStoresSkipTheUncommittedBytesCheck() {
        assertThat(from(Map.of()).get("statestore.uncommitted.max.bytes")).isEqualTo(-1L);
        assertThat(from(Map.of("flagstream.kafka.enable.transactional.statestores", "true")))
                .doesNotContainKey("statestore.uncommitted.max.bytes");
    }
}
