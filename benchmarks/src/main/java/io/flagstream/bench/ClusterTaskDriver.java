package io.flagstream.bench;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.StoreType;
import io.flagstream.detect.DetectorStores;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.risk.RiskTopology;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.state.Cluster;
import io.flagstream.state.ClusterInput;
import io.flagstream.topology.InternalSerdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The cluster task alone on one thread: the production {@link RiskTopology#clusterTask} processor on RocksDB
 * stores, driven record by record. Every {@code commitIntervalMs} of wall clock it flushes the stores and drops
 * the forwarded findings, as a Streams commit would. Left out: consuming and deserializing the input records
 * and producing the changelog records (the changelog carries the same bytes as the puts measured here).
 */
final class ClusterTaskDriver implements AutoCloseable {
    private static final String KEY = "clusters";

    private final MockProcessorContext<String, FraudAlert> context;
    private final List<StateStore> stores = new ArrayList<>();
    private final Processor<String, ClusterInput, String, FraudAlert> processor;
    private final long commitIntervalNanos;
    private long lastCommit = System.nanoTime();
    private long findings;

    ClusterTaskDriver(FlagStreamConfig config, Path stateDir, long commitIntervalMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cluster-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        ProcessorWithStores<String, ClusterInput, String, FraudAlert> task = RiskTopology.clusterTask(
                new DetectorStores(StoreType.ROCKSDB), InternalSerdes.create().episode(), config.clusters(), config.risk(),
                config.alerts(), Clock.systemUTC());
        for (StoreBuilder<?> builder : task.stores()) {
            StateStore store = builder.withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        processor = task.get();
        processor.init(context);
        commitIntervalNanos = commitIntervalMs * 1_000_000L;
    }

    void process(ClusterInput in) {
        processor.process(new Record<>(KEY, in, in.getTime()));
        long now = System.nanoTime();
        if (now - lastCommit >= commitIntervalNanos) {
            commit();
            lastCommit = now;
        }
    }

    void commit() {
        stores.forEach(StateStore::flush);
        findings += context.forwarded().size();
        context.resetForwards();
    }

    long findings() {
        return findings;
    }

    /** Serialized key + value bytes of every record in the task's stores: what RocksDB and the changelogs hold before compression. */
    long storeBytes() {
        InternalAvroSerde<Cluster> clusters = new InternalAvroSerde<>(Cluster.class);
        long bytes = 0;
        KeyValueStore<String, String> membership = context.getStateStore(RiskTopology.MEMBERSHIP_STORE);
        try (KeyValueIterator<String, String> all = membership.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                bytes += utf8(kv.key) + utf8(kv.value);
            }
        }
        KeyValueStore<String, Cluster> components = context.getStateStore(RiskTopology.COMPONENTS_STORE);
        try (KeyValueIterator<String, Cluster> all = components.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                bytes += utf8(kv.key) + clusters.serializer().serialize("", kv.value).length;
            }
        }
        return bytes;
    }

    /** Serialized bytes of the component record that {@code account} belongs to. */
    long componentBytes(String account) {
        KeyValueStore<String, String> membership = context.getStateStore(RiskTopology.MEMBERSHIP_STORE);
        KeyValueStore<String, Cluster> components = context.getStateStore(RiskTopology.COMPONENTS_STORE);
        return new InternalAvroSerde<>(Cluster.class).serializer().serialize("", components.get(membership.get(account))).length;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        processor.close();
        stores.forEach(StateStore::close);
    }
}
