package io.flagstream.detect.locationmismatch;

import io.flagstream.detect.locationmismatch.CountryTally.Check;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CountryTallyTest {

    @Test
    void countersSayHomeOrTheOtherCountry() {
        assertThat(CountryTally.counter(Check.LOGINS, "us", "US", false)).isEqualTo("login:=");
        assertThat(CountryTally.counter(Check.PAYOUTS, "cn", "US", false)).isEqualTo("payout:CN");
        assertThat(CountryTally.counter(Check.PAYOUTS, "gb", "US", true)).isEqualTo("payout:+");
        assertThat(CountryTally.counter(Check.PAYOUTS, "us", "US", true)).as("home stays home").isEqualTo("payout:=");
    }

    @Test
    void talliesEachCheckFromTheCounters() {
        Map<Check, CountryTally> tallies = CountryTally.of(Map.of(
                "login:=", 3L, "login:CN", 5L, "login:RU", 1L, "payout:CN", 2L, "bogus", 9L));

        CountryTally logins = tallies.get(Check.LOGINS);
        assertThat(logins.total()).isEqualTo(9);
        assertThat(logins.awayTotal()).isEqualTo(6);
        assertThat(logins.awayByCountry()).isEqualTo("CN 5, RU 1");
        assertThat(logins.topAwayCountry()).isEqualTo("CN");
        assertThat(tallies).containsOnlyKeys(Check.LOGINS, Check.PAYOUTS);
    }

    @Test
    void loginsNeedTheMinimumAndAStrictMajorityElsewhere() {
        assertThat(new CountryTally(Check.LOGINS, 0, 0, Map.of("CN", 4L)).mismatched(5, 2)).isFalse();
        assertThat(new CountryTally(Check.LOGINS, 0, 0, Map.of("CN", 5L)).mismatched(5, 2)).isTrue();
        assertThat(new CountryTally(Check.LOGINS, 3, 0, Map.of("CN", 3L)).mismatched(5, 2)).isFalse();
        assertThat(new CountryTally(Check.LOGINS, 3, 0, Map.of("CN", 2L, "RU", 2L)).mismatched(5, 2)).isTrue();
    }

    @Test
    void establishedPayoutsCountInTheTotalButNotAgainstTheDeclaredCountry() {
        CountryTally payouts = CountryTally.of(Map.of("payout:+", 3L, "payout:CN", 2L)).get(Check.PAYOUTS);

        assertThat(payouts.established()).isEqualTo(3);
        assertThat(payouts.total()).isEqualTo(5);
        assertThat(payouts.awayByCountry()).isEqualTo("CN 2");
        assertThat(payouts.mismatched(5, 2)).isFalse();
        assertThat(new CountryTally(Check.PAYOUTS, 0, 1, Map.of("CN", 2L)).mismatched(5, 2)).isTrue();
    }

    @Test
    void payoutsNeedAMajorityElsewhereAndShippingAnyChangeElsewhere() {
        assertThat(new CountryTally(Check.PAYOUTS, 1, 0, Map.of("CN", 1L)).mismatched(5, 2)).isFalse();
        assertThat(new CountryTally(Check.PAYOUTS, 0, 0, Map.of("CN", 1L)).mismatched(5, 2)).as("one payout").isFalse();
        assertThat(new CountryTally(Check.PAYOUTS, 0, 0, Map.of("CN", 1L)).mismatched(5, 1)).isTrue();
        assertThat(new CountryTally(Check.PAYOUTS, 1, 0, Map.of("CN", 2L)).mismatched(5, 2)).isTrue();
        assertThat(new CountryTally(Check.SHIPPING, 4, 0, Map.of()).mismatched(5, 2)).isFalse();
        assertThat(new CountryTally(Check.SHIPPING, 4, 0, Map.of("KP", 1L)).mismatched(5, 2)).isTrue();
    }
}
