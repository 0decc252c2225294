package io.flagstream.live;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global processor of the live-state topic: keeps the topic's latest records in a global store and
 * applies each to this instance's {@link LiveSettings}. Every instance runs one, so every instance sees
 * every accepted change. At start the store has been restored from the topic before {@link #init} runs,
 * so the accepted changes are in force before any stream thread processes a record.
 */
final class LiveStateUpdater extends ContextualProcessor<String, byte[], Void, Void> {
    private final LiveSettings live;
    private final String storeName;
    private final LiveState liveState = new LiveState();
    private KeyValueStore<String, byte[]> store;

    LiveStateUpdater(LiveSettings live, String storeName) {
        this.live = live;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> liveState.apply(live, kv.key, kv.value));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        // In force first, then stored: whoever sees it in the store (a test, an interactive query) sees it applied.
        liveState.apply(live, record.key(), record.value());
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
