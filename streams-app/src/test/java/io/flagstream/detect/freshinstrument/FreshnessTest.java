package io.flagstream.detect.freshinstrument;

import io.flagstream.events.InstrumentType;
import io.flagstream.state.PayoutContext;
import io.flagstream.testing.Events;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration WEEK = Duration.ofDays(7);

    private static PayoutContext ctx(Long instrumentAddedAt, Long accountCreatedAt) {
        return PayoutContext.newBuilder().setPayout(Events.payout("acct-1").to("w", InstrumentType.CRYPTO_WALLET).at(T0))
                .setProfileKnown(true).setInstrumentAddedAt(instrumentAddedAt).setAccountCreatedAt(accountCreatedAt).build();
    }

    @Test
    void anInstrumentYoungerThanTheWindowIsFresh() {
        long t = T0.toEpochMilli();
        Freshness fresh = Freshness.of(ctx(t - DAY.toMillis() + 1, null), DAY, WEEK);
        Freshness old = Freshness.of(ctx(t - DAY.toMillis(), null), DAY, WEEK);

        assertThat(fresh.freshInstrument()).isTrue();
        assertThat(fresh.conditions()).isEqualTo("fresh-instrument");
        assertThat(old.any()).isFalse();
    }

    @Test
    void anAccountYoungerThanTheMaximumAgeIsNew() {
        long t = T0.toEpochMilli();
        Freshness both = Freshness.of(ctx(t - 1000, t - WEEK.toMillis() + 1), DAY, WEEK);

        assertThat(both.conditions()).isEqualTo("fresh-instrument,new-account");
        assertThat(Freshness.of(ctx(null, t - WEEK.toMillis()), DAY, WEEK).any()).isFalse();
        assertThat(Freshness.of(ctx(null, null), DAY, WEEK).any()).as("unknown times").isFalse();
    }

    @Test
    void agesReadLikeAHuman() {
        assertThat(Freshness.age(Duration.ofMinutes(125).toMillis())).isEqualTo("2h 5m");
        assertThat(Freshness.age(Duration.ofHours(76).toMillis())).isEqualTo("3d 4h");
        assertThat(Freshness.age(Duration.ofSeconds(95).toMillis())).isEqualTo("1m 35s");
        assertThat(Freshness.age(45_000)).isEqualTo("45s");
    }
}
