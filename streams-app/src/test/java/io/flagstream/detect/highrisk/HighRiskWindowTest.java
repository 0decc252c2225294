package io.flagstream.detect.highrisk;

import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HighRiskWindowTest {
    private static final long W = 100;
    private static final BigDecimal LIMIT = new BigDecimal("1000");

    private static ObservedEvent paid(String id, String amount, long t) {
        return new ObservedEvent(id, "payouts", "a", t, "i", Map.of("amount", amount));
    }

    @Test
    void enoughPayoutsInOneWindowMeetTheCount() {
        HighRiskWindow.Selection s = HighRiskWindow.find(
                List.of(paid("1", "1 USD", 0), paid("2", "1 USD", 50), paid("3", "1 USD", 100)), 100, W, 3, LIMIT);

        assertThat(s.met()).isTrue();
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.totals()).containsEntry("USD", new BigDecimal("3"));
    }

    @Test
    void aTotalEqualToTheLimitDoesNotExceedIt() {
        HighRiskWindow.Selection s = HighRiskWindow.find(
                List.of(paid("1", "600 USD", 0), paid("2", "400 USD", 10)), 10, W, 3, LIMIT);

        assertThat(s.met()).isFalse();
    }

    @Test
    void currenciesAreSummedApart() {
        HighRiskWindow.Selection s = HighRiskWindow.find(
                List.of(paid("1", "600 USD", 0), paid("2", "600 EUR", 10), paid("3", "400.5 USD", 20)), 20, W, 5, LIMIT);

        assertThat(s.met()).isTrue();
        assertThat(s.totals()).containsEntry("USD", new BigDecimal("1000.5")).containsEntry("EUR", new BigDecimal("600"));
    }

    @Test
    void aWindowThatMeetsAThresholdIsPreferredToABiggerOneThatDoesNot() {
        List<ObservedEvent> events = List.of(paid("1", "1 USD", 0), paid("2", "1 USD", 2), paid("3", "1 USD", 4),
                paid("4", "1 USD", 6), paid("5", "2000 USD", 103));

        HighRiskWindow.Selection s = HighRiskWindow.find(events, 4, W, 10, LIMIT);

        assertThat(s.met()).isTrue();
        assertThat(s.events()).extracting(ObservedEvent::getEventId).containsExactly("3", "4", "5");
        assertThat(s.start()).isEqualTo(4);
    }

    @Test
    void everyCandidateWindowContainsTheNewPayout() {
        List<ObservedEvent> events = List.of(paid("1", "1 USD", 0), paid("2", "1 USD", 5), paid("3", "1 USD", 150),
                paid("4", "1 USD", 160), paid("5", "1 USD", 170));

        HighRiskWindow.Selection s = HighRiskWindow.find(events, 5, W, 3, LIMIT);

        assertThat(s.met()).isFalse();
        assertThat(s.events()).extracting(ObservedEvent::getEventId).containsExactly("1", "2");
    }
}
