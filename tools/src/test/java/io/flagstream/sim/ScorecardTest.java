package io.flagstream.sim;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.Times;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScorecardTest {
    private static final PlantedCase WALLET = new PlantedCase("a16", "instrument", "w1", "team");
    private static final PlantedCase CHURNER = new PlantedCase("a17", "account", "op-1", "churn");
    private static final GroundTruth TRUTH = new GroundTruth(List.of(WALLET, CHURNER), Map.of(
            "op-1", "operator:team-0", "op-2", "operator:team-0",
            "fam-1", "confounder:household", "fam-2", "confounder:household", "b-1", "benign"));

    @Test
    void countsFoundMissedFalseAndOperatorHitsPerRuleOncePerAlertId() {
        List<FraudAlert> alerts = List.of(
                alert("id-1", 0, "a16", "instrument", "w1", "op-1", "op-2"),
                alert("id-1", 1, "a16", "instrument", "w1", "op-1", "op-2"),
                alert("id-2", 0, "a16", "instrument", "family-bank", "fam-1", "fam-2"),
                alert("id-3", 0, "a16", "instrument", "w9", "op-2", "b-1"));

        Scorecard card = Scorecard.of(TRUTH, alerts);

        assertThat(card.byRule().get("a16")).isEqualTo(new Scorecard.RuleScore("a16", 1, 1, 3, 1, 1));
        assertThat(card.byRule().get("a17")).isEqualTo(new Scorecard.RuleScore("a17", 1, 0, 0, 0, 0));
        assertThat(card.missed()).containsExactly(CHURNER);
        assertThat(card.falseAlerts()).extracting(FraudAlert::getAlertId).containsExactly("id-2");
        assertThat(card.falseAlertsByLabel()).containsExactly(Map.entry("confounder:household", 1));
        assertThat(card.byRule().get("a16").precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(card.byRule().get("a16").recall()).isEqualTo(1.0);
        assertThat(card.plantedTotal()).isEqualTo(2);
        assertThat(card.foundTotal()).isEqualTo(1);
    }

    @Test
    void anAlertForTheRightEntityFromAnotherRuleDoesNotFindTheCase() {
        Scorecard card = Scorecard.of(TRUTH, List.of(alert("id-9", 0, "a16", "account", "op-1")));

        assertThat(card.missed()).contains(CHURNER);
        assertThat(card.byRule().get("a16").operatorHits()).isEqualTo(1);
        assertThat(card.falseAlerts()).isEmpty();
    }

    @Test
    void rulesAreListedByIndicatorNumber() {
        Scorecard card = Scorecard.of(new GroundTruth(List.of(
                new PlantedCase("a11-x", "account", "a", "s"), new PlantedCase("a2-y", "account", "a", "s")), Map.of()), List.of());

        assertThat(card.byRule().keySet()).containsExactly("a2-y", "a11-x");
    }

    private static FraudAlert alert(String id, int revision, String rule, String type, String entity, String... accounts) {
        return alert(id, revision, rule, type, entity, Times.T0, accounts);
    }

    @Test
    void detectionDelayOperatorAccountsAndFalseAlertVolumeOnAHandMadeCase() {
        Instant start = Times.T0;
        PlantedCase wallet = new PlantedCase("a16", "instrument", "w1", "team", start);
        PlantedCase churnA = new PlantedCase("a17", "account", "op-1", "churn", start);
        PlantedCase churnB = new PlantedCase("a17", "account", "op-2", "churn", start.plus(Duration.ofDays(1)));
        PlantedCase churnC = new PlantedCase("a17", "account", "op-3", "churn", start);
        Map<String, String> labels = new java.util.HashMap<>(Map.of("op-1", "operator:team-0", "op-2", "operator:team-0",
                "op-3", "operator:team-0", "op-4", "operator:team-0", "fam-1", "confounder:household"));
        for (int i = 0; i < 499; i++) {
            labels.put("b-" + i, "benign");
        }
        GroundTruth truth = new GroundTruth(List.of(wallet, churnA, churnB, churnC), labels, 10);

        Scorecard card = Scorecard.of(truth, List.of(
                // Revision 1 fired later; the delay counts from the first record (revision 0, lastSeen +2h).
                alert("id-1", 1, "a16", "instrument", "w1", start.plus(Duration.ofHours(9)), "op-1", "op-2"),
                alert("id-1", 0, "a16", "instrument", "w1", start.plus(Duration.ofHours(2)), "op-1", "op-2"),
                alert("id-2", 0, "a17", "account", "op-1", start.plus(Duration.ofHours(4))),
                alert("id-3", 0, "a17", "account", "op-2", start.plus(Duration.ofDays(1)).plus(Duration.ofHours(6))),
                alert("id-4", 0, "a17", "account", "b-7", start.plus(Duration.ofHours(1))),
                alert("id-5", 0, "a17", "account", "fam-1", start.plus(Duration.ofHours(1)))));

        assertThat(card.byRule().get("a16").medianDetectionDelay()).isEqualTo(Duration.ofHours(2));
        // a17: found op-1 (4h) and op-2 (6h after its own start), op-3 missed: median of two = mean = 5h.
        assertThat(card.byRule().get("a17")).isEqualTo(new Scorecard.RuleScore("a17", 3, 2, 4, 2, 0, Duration.ofHours(5)));
        assertThat(card.byRule().get("a17").precision()).isEqualTo(0.5);
        assertThat(card.byRule().get("a17").recall()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(card.operatorAccountsFlagged()).isEqualTo(2);
        assertThat(card.operatorAccountRules()).containsEntry("op-1", java.util.Set.of("a16", "a17"))
                .containsEntry("op-2", java.util.Set.of("a16", "a17")).containsEntry("op-3", java.util.Set.of())
                .containsEntry("op-4", java.util.Set.of());
        assertThat(card.falseAlertsByLabel()).containsExactly(Map.entry("benign", 1), Map.entry("confounder:household", 1));
        // 2 false alerts over 500 benign accounts and 10 days: 2 * 1000 / 500 / 10.
        assertThat(card.benignAccounts()).isEqualTo(500);
        assertThat(card.falseAlertsPer1000BenignPerDay()).isCloseTo(0.4, within(1e-9));
        assertThat(Scorecard.of(new GroundTruth(List.of(), Map.of()), List.of()).falseAlertsPer1000BenignPerDay()).isNaN();
    }

    @Test
    void alertsFirstRaisedBeforeThePeriodAreListedApartAndNotScored() {
        Instant start = Times.T0;
        GroundTruth truth = new GroundTruth(List.of(WALLET), TRUTH.accountLabels(), 14, start);

        Scorecard card = Scorecard.of(truth, List.of(
                // raised on the prelude (a relative's bank added months ago), updated during the period: still the prelude's
                alert("id-1", 0, "a9", "account", "fam-2", start.minus(Duration.ofDays(90))),
                alert("id-1", 1, "a9", "account", "fam-2", start.plus(Duration.ofDays(1))),
                alert("id-2", 0, "a9", "account", "b-1", start),
                alert("id-3", 0, "a16", "instrument", "w1", start.plus(Duration.ofHours(3)), "op-1")));

        assertThat(card.beforePeriod()).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo("id-1");
            assertThat(a.getRevision()).isEqualTo(1);
        });
        assertThat(card.byRule().get("a9")).isEqualTo(new Scorecard.RuleScore("a9", 0, 0, 1, 1, 0));
        assertThat(card.falseAlerts()).extracting(FraudAlert::getAlertId).containsExactly("id-2");
        assertThat(card.byRule().get("a16").medianDetectionDelay()).isNull();
        assertThat(card.foundTotal()).isEqualTo(1);
    }

    private static FraudAlert alert(String id, int revision, String rule, String type, String entity, Instant lastSeen,
                                    String... accounts) {
        return FraudAlert.newBuilder().setAlertId(id).setRevision(revision).setRuleId(rule).setIndicator("A16")
                .setTitle("t").setDescription("d").setSeverity(Severity.MEDIUM).setEntity(new AlertEntity(type, entity))
                .setAccounts(List.of(accounts)).setWindowStart(Times.T0).setWindowEnd(Times.T0).setFirstSeen(Times.T0)
                .setLastSeen(lastSeen).setEvidence(List.of()).setEvidenceCount(0).setThresholds(List.of())
                .setParameters(Map.of()).setDetectedAt(Times.T0).build();
    }
}
