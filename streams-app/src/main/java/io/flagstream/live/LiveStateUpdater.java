package io.flagstream.live;

import io.flagstream.errors.DeadLetters;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The global processor of the live-state topic: keeps the topic's latest records in a global store and
 * applies each to this instance's {@link LiveSettings}. Every instance runs one, so every instance sees
 * every accepted change. At start the store has been restored from the topic before {@link #init} runs,
 * so the accepted changes are in force before any stream thread processes a record.
 *
 * <p>A record it cannot read (bytes another writer put on the topic) is skipped, logged and dead-lettered as
 * LIVE_STATE, never thrown: the global thread would fail on it at every start of every instance.
 */
final class LiveStateUpdater extends ContextualProcessor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(LiveStateUpdater.class);

    private final LiveSettings live;
    private final String storeName;
    private final LiveStateDeadLetters deadLetters;
    private final Clock clock;
    private final LiveState liveState = new LiveState();
    private KeyValueStore<String, byte[]> store;

    LiveStateUpdater(LiveSettings live, String storeName, LiveStateDeadLetters deadLetters, Clock clock) {
        this.live = live;
        this.storeName = storeName;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            // Restored records carry no position: their dead letters say offset -1 (and repeat at every start).
            all.forEachRemaining(kv -> applied(kv.key, kv.value, "", -1, -1L, -1L));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        var source = context().recordMetadata();
        // In force first, then stored: whoever sees it in the store (a test, an interactive query) sees it applied.
        if (!applied(record.key(), record.value(), source.map(m -> m.topic()).orElse(""),
                source.map(m -> m.partition()).orElse(-1), source.map(m -> m.offset()).orElse(-1L), record.timestamp())) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }

    private boolean applied(String key, byte[] value, String topic, int partition, long offset, long timestamp) {
        try {
            liveState.apply(live, key, value);
            return true;
        } catch (RuntimeException e) {
            String reason = "live-state record '" + key + "' cannot be applied, skipped: " + DeadLetters.rootMessage(e);
            log.error("{} ({}-{}@{})", reason, topic, partition, offset);
            deadLetters.send(DeadLetters.of(topic, partition, offset, timestamp, key, value, DeadLetters.LIVE_STATE,
                    reason, clock.instant()));
            return false;
        }
    }
}
