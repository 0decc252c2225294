package io.flagstream.sim;

import io.flagstream.alert.AlertPriority;
import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.testing.Times;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TriageMetricsTest {
    private static final GroundTruth TRUTH = new GroundTruth(List.of(), Map.of(
            "op-1", "operator:team-0", "op-2", "operator:stealth-0", "hub-1", "confounder:payroll-hub",
            "hub-2", "confounder:payroll-hub", "b-1", "benign"), 14, Times.T0);

    @Test
    void precisionAtKAndAveragePrecisionFollowThePriorityOrder() {
        // Ranked: hub (5 payers), op (4), hub (3), op (3): correct at ranks 2 and 4 once the tie puts the false one first.
        List<FraudAlert> alerts = List.of(
                alert("a", 0, "a16", "hub-1", 5), alert("b", 0, "a16", "op-1", 4),
                alert("c", 0, "a16", "op-2", 3), alert("d", 0, "a16", "hub-2", 3));

        TriageMetrics.RuleTriage t = TriageMetrics.of(TRUTH, alerts, AlertPriority::of, 2).byRule().get("a16");

        assertThat(t.alerts()).isEqualTo(4);
        assertThat(t.correct()).isEqualTo(2);
        assertThat(t.precisionAtK()).isEqualTo(0.5);
        assertThat(t.averagePrecision()).isCloseTo((1.0 / 2 + 2.0 / 4) / 2, within(1e-9));
    }

    @Test
    void aPerfectOrderScoresOneAndRevisionsCountAsRecordsNotAlerts() {
        List<FraudAlert> alerts = new ArrayList<>(List.of(
                alert("a", 0, "a17", "op-1", 9), alert("a", 1, "a17", "op-1", 9), alert("a", 2, "a17", "op-1", 9),
                alert("b", 0, "a17", "b-1", 1)));

        TriageMetrics.RuleTriage t = TriageMetrics.of(TRUTH, alerts, AlertPriority::of, 1).byRule().get("a17");

        assertThat(t.alerts()).isEqualTo(2);
        assertThat(t.precisionAtK()).isEqualTo(1.0);
        assertThat(t.averagePrecision()).isEqualTo(1.0);
        assertThat(t.recordsPerAlert()).isEqualTo(2.0);
    }

    @Test
    void findingsAreAlsoRankedTogetherAndAlertsBeforeThePeriodAreLeftOut() {
        FraudAlert prelude = alert("p", 0, "risk-high-risk-account", "b-1", 9, Times.T0.minus(Duration.ofDays(30)));
        List<FraudAlert> alerts = List.of(prelude, alert("r", 0, "risk-high-risk-account", "op-1", 2),
                alert("c", 0, "cluster-linked-accounts", "hub-1", 3));

        TriageMetrics metrics = TriageMetrics.of(TRUTH, alerts, AlertPriority::of, 20);

        assertThat(metrics.byRule().get("risk-high-risk-account").alerts()).isEqualTo(1);
        TriageMetrics.RuleTriage findings = metrics.byRule().get(TriageMetrics.FINDINGS);
        assertThat(findings.alerts()).isEqualTo(2);
        assertThat(findings.averagePrecision()).isEqualTo(0.5);
    }

    @Test
    void kMustBePositive() {
        assertThatThrownBy(() -> TriageMetrics.of(TRUTH, List.of(), AlertPriority::of, 0))
                .hasMessageContaining("at least 1");
    }

    /** An alert on one account whose single threshold is {@code observed} against a limit of 1. */
    private static FraudAlert alert(String id, int revision, String rule, String account, double observed) {
        return alert(id, revision, rule, account, observed, Times.T0.plus(Duration.ofHours(1)));
    }

    private static FraudAlert alert(String id, int revision, String rule, String account, double observed, Instant lastSeen) {
        return FraudAlert.newBuilder().setAlertId(id).setRevision(revision).setRuleId(rule).setIndicator("A16")
                .setTitle("t").setDescription("d").setSeverity(Severity.MEDIUM).setEntity(new AlertEntity("account", account))
                .setAccounts(List.of(account)).setWindowStart(Times.T0).setWindowEnd(Times.T0).setFirstSeen(Times.T0)
                .setLastSeen(lastSeen).setEvidence(List.of()).setEvidenceCount(0)
                .setThresholds(List.of(new Threshold("n", 1.0, observed)))
                .setParameters(Map.of()).setDetectedAt(Times.T0).build();
    }
}
