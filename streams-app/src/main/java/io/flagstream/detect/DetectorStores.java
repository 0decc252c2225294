package io.flagstream.detect;

import io.flagstream.config.StoreType;
import io.flagstream.state.Episode;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.TimelineBucket;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;

/**
 * Store builders every detector uses, so that names and retention follow one rule: a store is named
 * {@code <rule id>-<purpose>-store} and keeps exactly what its window plus grace needs, so state is bounded
 * by time, never by the number of events ever seen. RocksDB by default; in memory (restored from the
 * changelog on start) when {@code flagstream.state.store-type=in_memory}, which replays and tests use. In-memory
 * window stores are {@link KeyOrderedWindowStore}s, key-first like RocksDB's.
 *
 * <p>Every store has a changelog. The topology takes its {@code DetectorStores} from the caller, so a caller whose
 * state is never restored (the replay in the tools module) passes a subclass that turns {@link #logged} off,
 * without a replay-only switch in the production topology.
 */
public class DetectorStores {
    private final StoreType type;

    public DetectorStores(StoreType type) {
        this.type = type;
    }

    /** A store builder as every store of the topology is built: with a changelog. */
    public <S extends StateStore> StoreBuilder<S> logged(StoreBuilder<S> builder) {
        return builder;
    }

    /** DSL materialization as every store of the topology is built: with a changelog. */
    public <K, V, S extends StateStore> Materialized<K, V, S> logged(Materialized<K, V, S> materialized) {
        return materialized;
    }

    /**
     * A key-value store of the configured type with String keys, behind the record cache: a key written several
     * times between two commits (a hot account's session, a hub's bucket) reaches the store and its changelog once.
     * Window stores write through: with the cache on, their fetches counted entries twice in A11's and A13's tests.
     */
    public <V> StoreBuilder<KeyValueStore<String, V>> keyValueStore(String name, Serde<V> valueSerde) {
        return logged(Stores.keyValueStoreBuilder(keyValue(name), Serdes.String(), valueSerde)).withCachingEnabled();
    }

    public static String episodesStoreName(String ruleId) {
        return ruleId + "-episodes-store";
    }

    /** Deduplication state: one small record per entity with an open alert episode, purged after it ends. */
    public StoreBuilder<KeyValueStore<String, Episode>> episodes(String ruleId, Serde<Episode> serde) {
        return keyValueStore(episodesStoreName(ruleId), serde);
    }

    /** A key-value store supplier of the configured type. */
    public KeyValueBytesStoreSupplier keyValue(String name) {
        return type == StoreType.IN_MEMORY ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private WindowBytesStoreSupplier window(String name, Duration retention, boolean retainDuplicates) {
        return type == StoreType.IN_MEMORY
                ? KeyOrderedWindowStore.supplier(name, retention.toMillis(), 1, retainDuplicates)
                : Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), retainDuplicates);
    }

    /**
     * An event log per key: every event kept (duplicates retained) under its key at its event time, for
     * {@code retention}, and fetched by time range. Segments past retention are dropped whole.
     */
    public StoreBuilder<WindowStore<String, ObservedEvent>> eventLog(String name, Duration retention, Serde<ObservedEvent> serde) {
        return logged(Stores.windowStoreBuilder(window(name, withLag(retention), true), Serdes.String(), serde));
    }

    /**
     * A window store expires what is older than its own highest time minus retention, and its highest time is
     * the fastest partition's, while detectors judge lateness by the {@link Watermark}, which a slower partition
     * may hold up to {@link Watermark#MAX_LAG} behind: keep that much more, so every event judged on time is
     * still stored.
     */
    private static Duration withLag(Duration retention) {
        return retention.plusMillis(Watermark.MAX_LAG);
    }

    /** A {@link Timeline}'s buckets: key-value, so that the detector, not the store, decides when they expire. */
    public StoreBuilder<KeyValueStore<String, TimelineBucket>> timeline(String name) {
        return keyValueStore(name, InternalSerdes.timelineBucket());
    }

    /** A "seen at" marker per key, one entry per distinct time written, for presence checks over a lookback. */
    public StoreBuilder<WindowStore<String, Long>> lastSeen(String name, Duration retention) {
        return logged(Stores.windowStoreBuilder(window(name, withLag(retention), false), Serdes.String(), Serdes.Long()));
    }
}
