package io.flagstream.detect;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BucketCountsTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final WindowStore<String, Long> store = Stores.windowStoreBuilder(
                    Stores.inMemoryWindowStore("counts", Duration.ofDays(30), Duration.ofMillis(1), false),
                    Serdes.String(), Serdes.Long())
            .withLoggingDisabled().withCachingDisabled().build();
    private final BucketCounts counts;

    BucketCountsTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        counts = new BucketCounts(store, HOUR);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void countsPerBucketAndReturnsTheCountBefore() {
        assertThat(counts.increment("acct-1", "in", 10)).isZero();
        assertThat(counts.increment("acct-1", "in", HOUR - 1)).isEqualTo(1);
        assertThat(counts.increment("acct-1", "in", HOUR)).isZero();

        assertThat(counts.sum("acct-1", "in", 0, HOUR)).isEqualTo(3);
        assertThat(counts.sum("acct-1", "in", HOUR, HOUR)).isEqualTo(1);
    }

    @Test
    void sumsEveryCounterOfOneEntityOnly() {
        counts.increment("acct-1", "in", 0);
        counts.increment("acct-1", "out", 0);
        counts.increment("acct-1", "out", 2 * HOUR);
        counts.increment("acct-10", "out", 0);
        counts.increment("acct-1|x", "out", 0);

        assertThat(counts.sums("acct-1", 0, 2 * HOUR)).containsExactly(
                org.assertj.core.api.Assertions.entry("in", 1L), org.assertj.core.api.Assertions.entry("out", 2L));
        assertThat(counts.sums("acct-1", HOUR, 2 * HOUR)).containsOnlyKeys("out");
    }

    @Test
    void findsTheLatestBucketOfAnEntity() {
        counts.increment("acct-1", "in", 0);
        counts.increment("acct-1", "out", 5 * HOUR + 7);
        counts.increment("acct-2", "out", 9 * HOUR);

        assertThat(counts.latestBucket("acct-1", 0, 10 * HOUR, -1)).isEqualTo(5 * HOUR);
        assertThat(counts.latestBucket("acct-1", 6 * HOUR, 10 * HOUR, 6 * HOUR)).isEqualTo(6 * HOUR);
        assertThat(counts.bucket(5 * HOUR + 7)).isEqualTo(5 * HOUR);
        assertThat(counts.bucket(-1)).isEqualTo(-HOUR);
    }
}
