package io.flagstream.detect;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key-ordered in-memory window store answers every read the way Kafka's own in-memory window store does,
 * over a random mix of puts, duplicates, deletes, out-of-order times and expiry. Single-key fetches must match in
 * order; range and full scans match as sets (Kafka's is time-first, ours key-first, like a RocksDB segment).
 */
class KeyOrderedWindowStoreTest {
    private static final long RETENTION = 1_000;
    private static final String[] KEYS = {"a", "a|x", "b", "b|1", "b|2", "c"};

    @ParameterizedTest(name = "retainDuplicates={0}")
    @ValueSource(booleans = {true, false})
    void answersLikeKafkasInMemoryWindowStore(boolean retainDuplicates) {
        WindowStore<Bytes, byte[]> kafka = Stores.inMemoryWindowStore("kafka", Duration.ofMillis(RETENTION),
                Duration.ofMillis(1), retainDuplicates).get();
        WindowStore<Bytes, byte[]> ours = KeyOrderedWindowStore.supplier("ours", RETENTION, 1, retainDuplicates).get();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        kafka.init(context.getStateStoreContext(), kafka);
        ours.init(context.getStateStoreContext(), ours);

        Random random = new Random(7);
        long now = 0;
        for (int step = 0; step < 5_000; step++) {
            now += random.nextInt(20);
            long t = Math.max(0, now - random.nextInt(1_200)); // some out of order, some already expired
            Bytes key = key(KEYS[random.nextInt(KEYS.length)]);
            byte[] value = random.nextInt(10) == 0 ? null : ("v" + step).getBytes(StandardCharsets.UTF_8);
            kafka.put(key, value, t);
            ours.put(key, value, t);

            long from = now - random.nextInt(1_500);
            long to = from + random.nextInt(1_500);
            assertThat(values(ours.fetch(key, from, to))).as("fetch(key, from, to)").isEqualTo(values(kafka.fetch(key, from, to)));
            assertThat(values(ours.backwardFetch(key, from, to))).as("backwardFetch").isEqualTo(values(kafka.backwardFetch(key, from, to)));
            assertThat(ours.fetch(key, t)).as("fetch(key, t)").isEqualTo(kafka.fetch(key, t));
            if (!retainDuplicates) {
                // Kafka's in-memory store with duplicates compares keys with their sequence numbers appended, so
                // its key ranges are only exact without duplicates; our detectors use ranges only there.
                Bytes lo = key("b");
                Bytes hi = key("b}");
                assertThat(sorted(ours.fetch(lo, hi, from, to))).as("range fetch").isEqualTo(sorted(kafka.fetch(lo, hi, from, to)));
            }
            assertThat(sorted(ours.fetchAll(from, to))).as("fetchAll").isEqualTo(sorted(kafka.fetchAll(from, to)));
        }
        assertThat(sorted(ours.all())).as("all").isEqualTo(sorted(kafka.all()));
    }

    @ParameterizedTest(name = "retainDuplicates={0}")
    @ValueSource(booleans = {true, false})
    void keyOrderedScansWithinAKeyAreInTimeOrder(boolean retainDuplicates) {
        WindowStore<Bytes, byte[]> store = KeyOrderedWindowStore.supplier("s", RETENTION, 1, retainDuplicates).get();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.put(key("b"), bytes("b2"), 20);
        store.put(key("a"), bytes("a2"), 20);
        store.put(key("b"), bytes("b1"), 10);
        store.put(key("a"), bytes("a1"), 10);

        List<String> scanned = new ArrayList<>();
        try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> scanned.add(new String(kv.value, StandardCharsets.UTF_8)));
        }
        assertThat(scanned).containsExactly("a1", "a2", "b1", "b2");
    }

    private static Bytes key(String s) {
        return Bytes.wrap(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> values(WindowStoreIterator<byte[]> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> out.add(kv.key + "=" + new String(kv.value, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> sorted(KeyValueIterator<Windowed<Bytes>, byte[]> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining((KeyValue<Windowed<Bytes>, byte[]> kv) -> out.add(
                    new String(kv.key.key().get(), StandardCharsets.UTF_8) + "@" + kv.key.window().start() + "-"
                            + kv.key.window().end() + "=" + new String(kv.value, StandardCharsets.UTF_8)));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
