package io.flagstream.live;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.testing.TestClock;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A redeploy that an accepted override no longer fits must not block every later live change. */
class ConfigChangeValidatorTest {
    private static final String STORE = "config-overrides-test-store";
    private static final String WINDOW = "flagstream.detector.a16-shared-payout-instrument.window";
    private static final String MIN_ACCOUNTS = "flagstream.detector.a16-shared-payout-instrument.min-accounts";

    @Test
    void anOverrideTheRedeployedSettingsNoLongerAllowIsDroppedAndTheNextChangeIsAccepted() {
        // Deployed again with a 3 d window; the override store still holds 5d, accepted under the old 7 d deployment.
        Map<String, String> redeployed = new HashMap<>(TopologyFixture.baseSettings("validator"));
        redeployed.put(WINDOW, "3d");
        FlagStreamConfig deployed = ConfigLoader.load(redeployed, Map.of());
        MockProcessorContext<String, LiveChange> context = new MockProcessorContext<>();
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        store.put(WINDOW, "5d");
        ConfigChangeValidator validator = new ConfigChangeValidator(deployed, "flagstream-config",
                new ChangeSignature(TopologyFixture.SIGNING_KEY.getBytes(StandardCharsets.UTF_8)), STORE, new TestClock(Times.NOW));
        validator.init(context);

        validator.process(new Record<>(MIN_ACCOUNTS, "4", Times.T0.toEpochMilli(),
                TopologyFixture.signed("flagstream-config", MIN_ACCOUNTS, TopologyFixture.utf8("4"), TopologyFixture.OPERATOR)));

        List<CapturedForward<? extends String, ? extends LiveChange>> forwarded = context.forwarded();
        assertThat(forwarded.stream().map(f -> (String) f.record().key()).toList()).containsExactly(LiveState.configKey(WINDOW), LiveState.configKey(MIN_ACCOUNTS));
        assertThat(forwarded.get(0).record().value().isAccepted()).isTrue();
        assertThat(forwarded.get(0).record().value().value()).as("the stale override is removed everywhere").isNull();
        assertThat(forwarded.get(1).record().value().isAccepted()).as("the new change is judged without it").isTrue();
        assertThat(new String(forwarded.get(1).record().value().value(), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(store.get(WINDOW)).isNull();
        assertThat(store.get(MIN_ACCOUNTS)).isEqualTo("4");
    }
}
