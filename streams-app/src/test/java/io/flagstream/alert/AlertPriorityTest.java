package io.flagstream.alert;

import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPriorityTest {
    @Test
    void severityPlusTheLog2MarginOfTheStrongestThresholdWithAReasonPerTerm() {
        AlertPriority.Ranked ranked = AlertPriority.rank(Severity.HIGH, List.of(
                new Threshold("distinct-accounts", 3.0, 6.0), new Threshold("other", 10.0, 11.0)));

        assertThat(ranked.priority()).isEqualTo(4.0);
        assertThat(ranked.reasons()).containsExactly("severity HIGH (+3)",
                "distinct-accounts 6 against a limit of 3: x2 (+1)");
    }

    @Test
    void justAtTheBarIsTheSeverityAlone() {
        AlertPriority.Ranked ranked = AlertPriority.rank(Severity.MEDIUM, List.of(new Threshold("n", 3.0, 3.0)));

        assertThat(ranked.priority()).isEqualTo(2.0);
        assertThat(ranked.reasons()).containsExactly("severity MEDIUM (+2)");
    }

    @Test
    void aLargerMarginRanksHigherWithinASeverity() {
        assertThat(AlertPriority.rank(Severity.MEDIUM, List.of(new Threshold("n", 3.0, 5.0))).priority())
                .isGreaterThan(AlertPriority.rank(Severity.MEDIUM, List.of(new Threshold("n", 3.0, 4.0))).priority());
    }
}
