package io.flagstream.config;

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

    @Test
    void exactlyOnceWithOneStandbyAndDynamicMembershipByDefault() {
        Properties props = from(Map.of());
        assertThat(props.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(props.get("num.standby.replicas")).isEqualTo(1);
        assertThat(props).doesNotContainKey("main.consumer.group.instance.id");
    }

    @Test
    void aGroupInstanceIdMakesTheStreamThreadsStaticMembers() {
        Properties props = from(Map.of("flagstream.group.instance.id", "flagstream-0", "flagstream.processing.guarantee", "at_least_once"));
        assertThat(props.get("main.consumer.group.instance.id")).isEqualTo("flagstream-0");
        assertThat(props.get("processing.guarantee")).isEqualTo("at_least_once");
    }
}
