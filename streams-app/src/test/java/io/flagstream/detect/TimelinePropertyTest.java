package io.flagstream.detect;

import io.flagstream.state.ObservedEvent;
import io.flagstream.state.TimelineBucket;
import io.flagstream.serde.InternalAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline's decisions equal a brute-force count over the raw events: for every event of a random
 * stream, fed in a random order, the densest window containing it holds as many distinct items among the
 * occurrences the timeline keeps as {@link EventWindow#densest} finds among all events of the key so far.
 */
class TimelinePropertyTest {
    private static final long WINDOW = 1_000;

    record Occurrence(String key, String item, long time) {
    }

    /** Seeds of the random streams: each test runs on every one, so a failure names the seed that shows it. */
    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void distinctCountsEqualABruteForceCountInAnyArrivalOrder(int seed) {
        assertDecisionsEqualABruteForceCount(seed, WINDOW);
    }

    /** A live override may halve the window (its buckets keep the deployed width): the counts stay exact. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void distinctCountsStayExactForAWindowHalvedLive(int seed) {
        assertDecisionsEqualABruteForceCount(seed, WINDOW / 2);
    }

    private void assertDecisionsEqualABruteForceCount(int seed, long windowInForce) {
        Random random = new Random(seed);
        List<Occurrence> stream = stream(random);
        List<Occurrence> arrival = new ArrayList<>(stream);
        if (random.nextBoolean()) {
            arrival.sort(Comparator.comparingLong(Occurrence::time));
        }
        Timeline timeline = new Timeline(store(), Timeline.bucketWidth(Duration.ofMillis(WINDOW)), Integer.MAX_VALUE);
        List<ObservedEvent> seen = new ArrayList<>();
        int n = 0;
        for (Occurrence o : arrival) {
            ObservedEvent event = new ObservedEvent("e" + n++, "test", o.item(), o.time(), o.item(), Map.of());
            List<ObservedEvent> kept = timeline.addAndRead(o.key(), o.item(), event, o.time(), windowInForce);
            int got = EventWindow.densest(kept, o.time(), windowInForce, ObservedEvent::getAccountId).distinct();
            seen.add(withKey(event, o.key()));
            List<ObservedEvent> around = seen.stream()
                    .filter(e -> e.getSubject().equals(o.key()) && Math.abs(e.getTimestamp() - o.time()) <= windowInForce)
                    .sorted(Comparator.comparingLong(ObservedEvent::getTimestamp))
                    .toList();
            int expected = EventWindow.densest(around, o.time(), windowInForce, ObservedEvent::getAccountId).distinct();
            assertThat(got).as("distinct items around %s", o).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} accounts")
    @MethodSource("hubSizes")
    void aHotKeyKeepsAtMostTheCapPerBucketAndStillReachesIt(int items) {
        KeyValueStore<String, TimelineBucket> store = store();
        Timeline timeline = new Timeline(store, Timeline.bucketWidth(Duration.ofMillis(WINDOW)), 8);
        int distinct = 0;
        for (int i = 0; i < items; i++) {
            ObservedEvent event = new ObservedEvent("e" + i, "test", "acct-" + i, 10_000L + i % 100, "hub", Map.of());
            List<ObservedEvent> kept = timeline.addAndRead("hub", "acct-" + i, event, 10_000L + i % 100, WINDOW);
            distinct = EventWindow.densest(kept, 10_000L + i % 100, WINDOW, ObservedEvent::getAccountId).distinct();
        }
        assertThat(distinct).isGreaterThanOrEqualTo(8);
        try (var it = store.all()) {
            it.forEachRemaining(kv -> assertThat(kv.value.getItems()).hasSizeLessThanOrEqualTo(8));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aPurgeRemovesExactlyTheBucketsThatEndedAndTheirIndexEntries(int seed) {
        Random random = new Random(seed);
        List<Occurrence> stream = stream(random);
        int before = 5_000 + random.nextInt(4_501);
        KeyValueStore<String, TimelineBucket> store = store();
        long bucketMs = Timeline.bucketWidth(Duration.ofMillis(WINDOW));
        Timeline timeline = new Timeline(store, bucketMs, Integer.MAX_VALUE);
        int n = 0;
        for (Occurrence o : stream) {
            timeline.addAndRead(o.key(), o.item(), new ObservedEvent("e" + n++, "test", o.item(), o.time(), o.item(), Map.of()), o.time(), WINDOW);
        }
        long bucketsBefore = stream.stream().map(o -> o.key() + Math.floorDiv(o.time(), bucketMs)).distinct().count();
        long ended = stream.stream().filter(o -> Math.floorDiv(o.time(), bucketMs) * bucketMs + bucketMs <= before)
                .map(o -> o.key() + Math.floorDiv(o.time(), bucketMs)).distinct().count();

        assertThat(timeline.purge(before)).isEqualTo((int) ended);

        List<String> left = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> left.add(kv.key));
        }
        assertThat(left).as("buckets and their index entries").hasSize((int) (2 * (bucketsBefore - ended)));
        for (Occurrence o : stream) {
            boolean kept = Math.floorDiv(o.time(), bucketMs) * bucketMs + bucketMs > before;
            assertThat(store.get(Timeline.key(o.key(), Math.floorDiv(o.time(), bucketMs) * bucketMs)) != null).isEqualTo(kept);
        }
    }

    static IntStream hubSizes() {
        return IntStream.of(40, 41, 64, 100, 257, 400);
    }

    /** 1 to 60 occurrences of six items under two keys, at times in [5,000, 9,000] ms (the window is 1,000). */
    private static List<Occurrence> stream(Random random) {
        String[] keys = {"k1", "k2"};
        String[] items = {"a", "b", "c", "d", "e", "f"};
        List<Occurrence> stream = new ArrayList<>();
        for (int i = 1 + random.nextInt(60); i > 0; i--) {
            stream.add(new Occurrence(keys[random.nextInt(keys.length)], items[random.nextInt(items.length)],
                    5_000 + random.nextInt(4_001)));
        }
        return stream;
    }

    private static ObservedEvent withKey(ObservedEvent event, String key) {
        // The oracle filters by key on subject and counts accountId, which holds the item.
        return new ObservedEvent(event.getEventId(), event.getSource(), event.getAccountId(), event.getTimestamp(), key, Map.of());
    }

    private static KeyValueStore<String, TimelineBucket> store() {
        KeyValueStore<String, TimelineBucket> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("timeline"),
                Serdes.String(), new InternalAvroSerde<>(TimelineBucket.class)).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
