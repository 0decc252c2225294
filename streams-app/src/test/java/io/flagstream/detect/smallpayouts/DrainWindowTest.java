package io.flagstream.detect.smallpayouts;

import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DrainWindowTest {
    private static final BigDecimal LIMIT = new BigDecimal("100");

    private static ObservedEvent payout(long t, String amount) {
        return new ObservedEvent("p" + t, "payouts", "acct-1", t, "USD", Map.of("amountValue", amount));
    }

    private static DrainWindow.Selection find(List<ObservedEvent> events, long pivot, long window, int min) {
        return DrainWindow.find(events, pivot, window, min, LIMIT, e -> new BigDecimal(e.getFacts().get("amountValue")));
    }

    @Test
    void needsBothTheCountAndASumAboveTheLimit() {
        List<ObservedEvent> events = List.of(payout(0, "30"), payout(1, "30"), payout(2, "40"));

        assertThat(find(events, 2, 10, 3).found()).as("sum 100 is not above 100").isFalse();
        assertThat(find(List.of(payout(0, "30"), payout(1, "30"), payout(2, "41")), 2, 10, 3))
                .satisfies(s -> {
                    assertThat(s.found()).isTrue();
                    assertThat(s.count()).isEqualTo(3);
                    assertThat(s.total()).isEqualByComparingTo("101");
                    assertThat(s.start()).isZero();
                    assertThat(s.end()).isEqualTo(10);
                });
        assertThat(find(List.of(payout(0, "60"), payout(1, "60")), 1, 10, 3).found()).as("two payouts").isFalse();
    }

    @Test
    void theWindowMustContainThePivotAndFitTheLength() {
        List<ObservedEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(payout(i * 10L, "50"));
        }
        assertThat(find(events, 20, 20, 3).events()).extracting(ObservedEvent::getTimestamp).containsExactly(0L, 10L, 20L);
        assertThat(find(events, 40, 15, 3).found()).as("only two payouts fit 15").isFalse();
        assertThat(find(events, 0, 40, 5).count()).isEqualTo(5);
    }
}
