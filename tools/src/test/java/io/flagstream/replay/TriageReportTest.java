package io.flagstream.replay;

import io.flagstream.alert.AlertPriority;
import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import io.flagstream.sim.TriageMetrics;
import io.flagstream.testing.Times;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TriageReportTest {
    @Test
    void theFindingBudgetIsCheckedPerThousandBenignAccountsPerDay() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            labels.put("b-" + i, "benign");
        }
        GroundTruth truth = new GroundTruth(List.of(), labels, 10, Times.T0);
        // 10 findings over 1,000 accounts and 10 days: 1.0 per 1,000 per day.
        List<FraudAlert> tenFindings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tenFindings.add(finding("f-" + i, "b-" + i));
        }

        TriageReport.Run atBudget = run(truth, tenFindings);
        List<FraudAlert> eleven = new ArrayList<>(tenFindings);
        eleven.add(finding("f-x", "b-99"));

        assertThat(TriageReport.withinBudget(atBudget, 1.0)).isTrue();
        assertThat(TriageReport.withinBudget(run(truth, eleven), 1.0)).isFalse();
    }

    @Test
    void hubNoticesAreCountedApartAndLeftOutOfTheFindingBudget() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            labels.put("b-" + i, "benign");
        }
        GroundTruth truth = new GroundTruth(List.of(), labels, 10, Times.T0);
        List<FraudAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            alerts.add(finding("f-" + i, "b-" + i));
        }
        for (int i = 0; i < 5; i++) {
            alerts.add(finding("h-" + i, Scorecard.HUB_NOTICE, "b-" + (100 + i)));
        }

        TriageReport.Run run = run(truth, alerts);

        assertThat(run.card().findings()).isEqualTo(10);
        assertThat(run.card().notices()).isEqualTo(5);
        assertThat(run.card().detectorAlerts()).isZero();
        assertThat(run.triage().byRule().get(TriageMetrics.FINDINGS).alerts()).isEqualTo(10);
        assertThat(run.triage().byRule().get(Scorecard.HUB_NOTICE).alerts()).isEqualTo(5);
        assertThat(TriageReport.withinBudget(run, 1.0)).isTrue();
    }

    @Test
    void spreadIsTheMeanAndSampleStandardDeviation() {
        assertThat(TriageReport.spread(List.of(1.0, 2.0, 3.0), "%.2f")).isEqualTo("2.00 ± 1.00");
        assertThat(TriageReport.spread(List.of(0.5), "%.1f")).isEqualTo("0.5 ± 0.0");
    }

    private static TriageReport.Run run(GroundTruth truth, List<FraudAlert> alerts) {
        return new TriageReport.Run("r", Scorecard.of(truth, alerts), TriageMetrics.of(truth, alerts, AlertPriority::of, 20));
    }

    private static FraudAlert finding(String id, String account) {
        return finding(id, "risk-high-risk-account", account);
    }

    private static FraudAlert finding(String id, String ruleId, String account) {
        return FraudAlert.newBuilder().setAlertId(id).setRuleId(ruleId).setIndicator("RISK")
                .setTitle("t").setDescription("d").setSeverity(Severity.MEDIUM).setEntity(new AlertEntity("account", account))
                .setAccounts(List.of(account)).setWindowStart(Times.T0).setWindowEnd(Times.T0).setFirstSeen(Times.T0)
                .setLastSeen(Times.T0.plus(Duration.ofHours(1))).setEvidence(List.of()).setEvidenceCount(0)
                .setThresholds(List.of()).setParameters(Map.of()).setDetectedAt(Times.T0).build();
    }
}
