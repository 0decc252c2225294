package io.flagstream.live;

import io.flagstream.config.ConfigLoader;
import io.flagstream.testing.Events;
import io.flagstream.testing.TestClock;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart: the global store comes back restored from the live-state topic, and init puts it in force. */
class LiveStateUpdaterTest {
    @Test
    void acceptedChangesRestoredIntoTheGlobalStoreAreInForceBeforeAnyRecord() {
        LiveSettings live = new LiveSettings(ConfigLoader.load(TopologyFixture.baseSettings("live-state-updater"), Map.of()),
                new TestClock(Times.NOW));
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LiveTopology.LIVE_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        store.put(LiveState.configKey("flagstream.detector.a16-shared-payout-instrument.min-accounts"), LiveState.value("5"));
        store.put(LiveState.allowListKey("instrument:wallet-9"), new LiveState().value(Events.allowListed("instrument", "wallet-9")));

        new LiveStateUpdater(live, LiveTopology.LIVE_STATE_STORE).init(context);

        assertThat(live.detectors().sharedInstrument().minAccounts()).isEqualTo(5);
        assertThat(live.allowList().instrument("wallet-9")).isTrue();
        assertThat(live.allowList().instrument("wallet-1")).isFalse();
    }
}
