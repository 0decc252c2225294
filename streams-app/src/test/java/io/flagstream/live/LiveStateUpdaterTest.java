package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.sharedinstrument.SharedInstrumentSettings;
import io.flagstream.errors.DeadLetters;
import io.flagstream.testing.Events;
import io.flagstream.testing.TestClock;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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
        store.put(LiveState.watchListKey("CASE-7"), new LiveState().value(Events.watchListed("CASE-7", "ip", "203.0.113.7")));

        new LiveStateUpdater(live, LiveTopology.LIVE_STATE_STORE, letter -> { }, new TestClock(Times.NOW)).init(context);

        assertThat(live.detectors().of(SharedInstrumentSettings.DECLARATION).minAccounts()).isEqualTo(5);
        assertThat(live.allowList().instrument("wallet-9")).isTrue();
        assertThat(live.allowList().instrument("wallet-1")).isFalse();
        assertThat(live.watchList().matchIp("ip", "203.0.113.7")).singleElement()
                .satisfies(m -> assertThat(m.entry().citation()).isEqualTo("live-watch-list #CASE-7"));
    }

    @Test
    void aRecordItCannotReadIsSkippedAndDeadLetteredAndTheNextOneStillApplies() {
        LiveSettings live = new LiveSettings(ConfigLoader.load(TopologyFixture.baseSettings("live-state-bad-bytes"), Map.of()),
                new TestClock(Times.NOW));
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LiveTopology.LIVE_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setRecordMetadata("live-state", 0, 41L);
        String badKey = LiveState.allowListKey("instrument:wallet-x");
        store.put(badKey, new byte[]{(byte) 0xff, 0x13}); // restored from the topic before init
        List<DeadLetter> letters = new ArrayList<>();
        LiveStateUpdater updater = new LiveStateUpdater(live, LiveTopology.LIVE_STATE_STORE, letters::add, new TestClock(Times.NOW));

        updater.init(context);
        updater.process(new Record<>(badKey, new byte[]{(byte) 0xff, 0x00, 0x01}, Times.T0.toEpochMilli()));
        updater.process(new Record<>(LiveState.allowListKey("instrument:wallet-9"),
                new LiveState().value(Events.allowListed("instrument", "wallet-9")), Times.T0.toEpochMilli()));

        assertThat(live.allowList().instrument("wallet-9")).isTrue();
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly(DeadLetters.LIVE_STATE, DeadLetters.LIVE_STATE);
        assertThat(letters).extracting(DeadLetter::getOffset).containsExactly(-1L, 41L);
        assertThat(letters.get(1).getReason()).startsWith("live-state record '" + badKey + "' cannot be applied, skipped: ");
        assertThat(store.get(badKey)).as("the unreadable value is not stored over the one before").hasSize(2);
    }

    @Test
    void aWatchListRecordThatIsNoEntryIsDeadLetteredAndTheEntriesInForceStay() {
        LiveSettings live = new LiveSettings(ConfigLoader.load(TopologyFixture.baseSettings("live-state-watch-list"), Map.of()),
                new TestClock(Times.NOW));
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LiveTopology.LIVE_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        List<DeadLetter> letters = new ArrayList<>();
        LiveStateUpdater updater = new LiveStateUpdater(live, LiveTopology.LIVE_STATE_STORE, letters::add, new TestClock(Times.NOW));
        updater.init(context);
        LiveState liveState = new LiveState();

        updater.process(new Record<>(LiveState.watchListKey("CASE-7"),
                liveState.value(Events.watchListed("CASE-7", "instrument", "wallet-7")), Times.T0.toEpochMilli()));
        // Written by something other than the app's validator: a kind this version does not know.
        updater.process(new Record<>(LiveState.watchListKey("CASE-7"),
                liveState.value(Events.watchListed("CASE-7", "phone", "+850 2 123")), Times.T0.toEpochMilli()));

        assertThat(letters).singleElement().satisfies(l -> assertThat(l.getReason())
                .contains("kind must be instrument, name or ip, not 'phone'"));
        assertThat(live.watchList().matchInstrument("instrument", "wallet-7")).as("the entry before stays").hasSize(1);
    }
}
