package io.flagstream.detect;

import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.TimelineBucket;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A timeline writes a bucket only when an event changes what it keeps: a hub's full bucket costs no write per payer. */
class TimelineWritesTest {
    private static final long WINDOW = Duration.ofDays(7).toMillis();
    private final AtomicInteger writes = new AtomicInteger();
    private final Timeline timeline = new Timeline(store(), Timeline.bucketWidth(Duration.ofDays(7)), 3);

    @Test
    void aFurtherItemInAFullBucketIsNotWrittenYetCountsInTheEventsRead() {
        add("acct-1", 1_000);
        add("acct-2", 2_000);
        add("acct-3", 3_000);
        writes.set(0);

        List<ObservedEvent> read = add("acct-4", 4_000);

        assertThat(writes).hasValue(0);
        assertThat(read).extracting(ObservedEvent::getAccountId).containsExactly("acct-1", "acct-2", "acct-3", "acct-4");
    }

    @Test
    void anOccurrenceBetweenAnItemsFirstAndLastIsNotWritten() {
        add("acct-1", 1_000);
        add("acct-1", 5_000);
        writes.set(0);

        add("acct-1", 3_000);

        assertThat(writes).hasValue(0);
    }

    @Test
    void aNewLastOccurrenceIsWritten() {
        add("acct-1", 1_000);
        writes.set(0);

        add("acct-1", 5_000);

        assertThat(writes).hasValue(1);
    }

    private List<ObservedEvent> add(String account, long t) {
        ObservedEvent event = new ObservedEvent("e-" + account + "-" + t, "payouts", account, t, "w-1", Map.of());
        return timeline.addAndRead("w-1", account, event, t, WINDOW);
    }

    private KeyValueStore<String, TimelineBucket> store() {
        Serde<TimelineBucket> avro = InternalSerdes.timelineBucket();
        Serializer<TimelineBucket> counting = (topic, bucket) -> {
            if (!bucket.getItems().isEmpty()) { // the expiry index's empty entries are not buckets
                writes.incrementAndGet();
            }
            return avro.serializer().serialize(topic, bucket);
        };
        KeyValueStore<String, TimelineBucket> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("timeline"),
                Serdes.String(), Serdes.serdeFrom(counting, avro.deserializer())).withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
