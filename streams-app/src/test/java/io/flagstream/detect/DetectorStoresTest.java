package io.flagstream.detect;

import io.flagstream.config.StoreType;
import io.flagstream.serde.InternalSerdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DetectorStoresTest {
    private final DetectorStores stores = new DetectorStores(StoreType.ROCKSDB);

    @Test
    void keyValueStoresSitBehindTheRecordCacheSoAHotKeyReachesTheChangelogOncePerCommit() {
        assertThat(layers(stores.timeline("t-store"))).contains(CachingKeyValueStore.class.getSimpleName());
        assertThat(layers(stores.keyValueStore("kv-store", InternalSerdes.accountSessions())))
                .contains(CachingKeyValueStore.class.getSimpleName());
    }

    @Test
    void windowStoresWriteThrough() {
        assertThat(layers(stores.lastSeen("seen-store", Duration.ofDays(1)))).doesNotContain("Caching");
        assertThat(layers(stores.eventLog("log-store", Duration.ofDays(1), InternalSerdes.create().observedEvent())))
                .doesNotContain("Caching");
    }

    /** The store's wrapping layers, outermost first, e.g. "MeteredKeyValueStore>CachingKeyValueStore>...". */
    private static String layers(StoreBuilder<? extends StateStore> builder) {
        StringBuilder names = new StringBuilder();
        StateStore store = builder.build();
        while (true) {
            names.append(store.getClass().getSimpleName()).append('>');
            if (!(store instanceof WrappedStateStore<?, ?, ?> wrapped)) {
                return names.toString();
            }
            store = wrapped.wrapped();
        }
    }
}
