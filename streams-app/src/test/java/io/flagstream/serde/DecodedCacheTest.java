package io.flagstream.serde;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.TimelineBucket;
import io.flagstream.state.TimelineItem;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DecodedCacheTest {
    private final AtomicInteger decodes = new AtomicInteger();
    private final KeyValueStore<String, TimelineBucket> store = store();
    private final DecodedCache<TimelineBucket> cache = new DecodedCache<>(store, 2);

    @Test
    void aValueWrittenThroughTheCacheIsReadBackWithoutDecodingAndTheStoreHoldsIt() {
        TimelineBucket bucket = bucket(3);
        cache.put("k", bucket);

        assertThat(cache.get("k")).isSameAs(bucket);
        assertThat(decodes).hasValue(0);
        assertThat(store.get("k")).isEqualTo(bucket);
    }

    @Test
    void aValueReadFromTheStoreIsDecodedOnceThenServedDecoded() {
        store.put("k", bucket(1));

        cache.get("k");
        cache.get("k");

        assertThat(decodes).hasValue(1);
    }

    @Test
    void anAbsentKeyIsRememberedAndADeleteReachesTheStore() {
        cache.put("k", bucket(1));
        cache.delete("k");

        assertThat(cache.get("k")).isNull();
        assertThat(store.get("k")).isNull();
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirstAndIsDecodedAgain() {
        store.put("a", bucket(1));
        store.put("b", bucket(2));
        store.put("c", bucket(3));
        cache.get("a");
        cache.get("b");
        cache.get("a");
        cache.get("c"); // capacity 2: b, the least recently used, leaves
        decodes.set(0);

        cache.get("a");
        cache.get("b");

        assertThat(decodes).hasValue(1);
    }

    @Test
    void afterClearEveryValueComesFromTheStoreAgain() {
        cache.put("k", bucket(1));
        cache.get("k").getItems().clear(); // changed, and not put back: a failed update
        cache.clear();

        assertThat(cache.get("k")).isEqualTo(bucket(1));
    }

    /** Buckets told apart by their number of items, left empty (null). */
    private static TimelineBucket bucket(int items) {
        List<TimelineItem> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add(new TimelineItem("item-" + i, new ObservedEvent("e-" + i, "test", "acct", (long) i, "key", Map.of()), null));
        }
        return new TimelineBucket(list);
    }

    private KeyValueStore<String, TimelineBucket> store() {
        InternalAvroSerde<TimelineBucket> avro = new InternalAvroSerde<>(TimelineBucket.class);
        Deserializer<TimelineBucket> counting = (topic, bytes) -> {
            decodes.incrementAndGet();
            return avro.deserializer().deserialize(topic, bytes);
        };
        Serde<TimelineBucket> serde = Serdes.serdeFrom(avro.serializer(), counting);
        KeyValueStore<String, TimelineBucket> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("cached"),
                Serdes.String(), serde).withLoggingDisabled().withCachingDisabled().build();
        kv.init(new MockProcessorContext<>().getStateStoreContext(), kv);
        return kv;
    }
}
