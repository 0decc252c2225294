package io.flagstream.bench;

import io.flagstream.detect.ProcessorWithStores;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One production processor alone on one thread (the cluster task, or a linker) with its own stores, driven
 * record by record. Every {@code commitIntervalMs} of wall clock it flushes the stores and drops the forwarded
 * records, as a Streams commit would. Left out: consuming and deserializing the input records and producing
 * the changelog records (the changelog carries the same bytes as the puts measured here).
 */
final class TaskDriver<VIn, VOut> implements AutoCloseable {
    private final MockProcessorContext<String, VOut> context;
    private final List<StateStore> stores = new ArrayList<>();
    private final Processor<String, VIn, String, VOut> processor;
    private final long commitIntervalNanos;
    private long lastCommit = System.nanoTime();
    private long forwarded;

    TaskDriver(ProcessorWithStores<String, VIn, String, VOut> task, Path stateDir, long commitIntervalMs) throws IOException {
        // RocksDB makes its own directory; a segmented (window) store expects it to exist.
        Files.createDirectories(stateDir);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cluster-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
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

    void process(String key, VIn value, long timestamp) {
        processor.process(new Record<>(key, value, timestamp));
        long now = System.nanoTime();
        if (now - lastCommit >= commitIntervalNanos) {
            commit();
            lastCommit = now;
        }
    }

    void commit() {
        stores.forEach(store -> store.commit(Map.of()));
        forwarded += context.forwarded().size();
        context.resetForwards();
    }

    /** Records forwarded so far (links for a linker, findings for the cluster task), up to the last commit. */
    long forwarded() {
        return forwarded;
    }

    <S extends StateStore> S store(String name) {
        return context.getStateStore(name);
    }

    @Override
    public void close() {
        processor.close();
        stores.forEach(StateStore::close);
    }
}
