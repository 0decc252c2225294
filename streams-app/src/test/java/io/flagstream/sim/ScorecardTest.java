package io.flagstream.sim;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.Times;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScorecardTest {
    private static final PlantedCase WALLET = new PlantedCase("a16", "instrument", "w1", "team");
    private static final PlantedCase CHURNER = new PlantedCase("a17", "account", "op-1", "churn");

    @Test
    void countsFoundMissedAndFalseAlertsPerRuleOncePerAlertId() {
        List<FraudAlert> alerts = List.of(
                alert("id-1", 0, "a16", "instrument", "w1"),
                alert("id-1", 1, "a16", "instrument", "w1"),
                alert("id-2", 0, "a16", "instrument", "household-bank"));

        Scorecard card = Scorecard.of(List.of(WALLET, CHURNER), alerts);

        assertThat(card.byRule().get("a16")).isEqualTo(new Scorecard.RuleScore("a16", 1, 1, 2, 1));
        assertThat(card.byRule().get("a17")).isEqualTo(new Scorecard.RuleScore("a17", 1, 0, 0, 0));
        assertThat(card.missed()).containsExactly(CHURNER);
        assertThat(card.falseAlerts()).extracting(FraudAlert::getAlertId).containsExactly("id-2");
        assertThat(card.plantedTotal()).isEqualTo(2);
        assertThat(card.foundTotal()).isEqualTo(1);
    }

    @Test
    void anAlertForTheRightEntityFromAnotherRuleDoesNotCount() {
        Scorecard card = Scorecard.of(List.of(CHURNER), List.of(alert("id-9", 0, "a16", "account", "op-1")));

        assertThat(card.missed()).containsExactly(CHURNER);
        assertThat(card.falseAlerts()).hasSize(1);
    }

    private static FraudAlert alert(String id, int revision, String rule, String type, String entity) {
        return FraudAlert.newBuilder().setAlertId(id).setRevision(revision).setRuleId(rule).setIndicator("A16")
                .setTitle("t").setDescription("d").setSeverity(Severity.MEDIUM).setEntity(new AlertEntity(type, entity))
                .setAccounts(List.of()).setWindowStart(Times.T0).setWindowEnd(Times.T0).setFirstSeen(Times.T0)
                .setLastSeen(Times.T0).setEvidence(List.of()).setEvidenceCount(0).setThresholds(List.of())
                .setParameters(Map.of()).setDetectedAt(Times.T0).build();
    }
}
