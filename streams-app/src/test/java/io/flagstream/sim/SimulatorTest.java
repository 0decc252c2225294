package io.flagstream.sim;

import io.flagstream.config.DetectorIds;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.risk.RiskTopology;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorTest {
    private static final DemoScenario SMALL = new DemoScenario(7, 300, 14, Instant.parse("2026-03-01T00:00:00Z"), 2);

    @Test
    void theSameSeedGivesTheSameEventsAndTruth() {
        List<SimEvent> first = new ArrayList<>();
        List<SimEvent> second = new ArrayList<>();
        GroundTruth truth1 = new Simulator(SMALL).run(first::add);
        GroundTruth truth2 = new Simulator(SMALL).run(second::add);

        assertThat(first).isEqualTo(second);
        assertThat(truth1).isEqualTo(truth2);
        assertThat(truth1.cases()).hasSize(2 * 15);
    }

    @Test
    void everyTeamPlantsOneCaseForEveryDetector() {
        GroundTruth truth = new Simulator(SMALL).run(e -> { });

        assertThat(truth.cases()).extracting(PlantedCase::ruleId).containsOnly(DetectorIds.A1, DetectorIds.A2,
                DetectorIds.A3, DetectorIds.A4, DetectorIds.A5, DetectorIds.A8, DetectorIds.A9, DetectorIds.A11,
                DetectorIds.A12, DetectorIds.A13, DetectorIds.A14, DetectorIds.A16, DetectorIds.A17, DetectorIds.A18,
                DetectorIds.A19);
        assertThat(truth.accountLabels()).containsEntry("op-t0-a0", "operator:team-0").containsValue("confounder:household");
    }

    @Test
    void householdMembersShareOneBankAccountAndLiveInOneCountry() {
        Map<String, AccountChange> created = new HashMap<>();
        Map<String, String> bankOf = new HashMap<>();
        GroundTruth truth = new Simulator(SMALL).run(e -> {
            if (e.event() instanceof AccountChange c && c.getKind() == AccountChangeKind.ACCOUNT_CREATED) {
                created.put(c.getAccountId(), c);
            } else if (e.event() instanceof AccountChange c && c.getKind() == AccountChangeKind.PAYMENT_METHOD_ADDED) {
                bankOf.putIfAbsent(c.getAccountId(), c.getInstrument().getFingerprint());
            }
        });
        List<String> household = truth.accountLabels().entrySet().stream()
                .filter(e -> e.getValue().equals("confounder:household")).map(Map.Entry::getKey).sorted().toList();

        assertThat(household).hasSizeGreaterThanOrEqualTo(2);
        Map<String, List<String>> byBank = new TreeMap<>();
        household.forEach(a -> byBank.computeIfAbsent(bankOf.get(a), b -> new ArrayList<>()).add(a));
        assertThat(byBank.values()).allSatisfy(members -> {
            assertThat(members).hasSize(2);
            AccountChange first = created.get(members.get(0));
            AccountChange second = created.get(members.get(1));
            assertThat(second.getDeclaredCountry()).isEqualTo(first.getDeclaredCountry());
            assertThat(second.getTimezone()).isEqualTo(first.getTimezone());
        });
    }

    @Test
    void eventsComeInEventTimeOrderWithBoundedDisorder() {
        List<Long> times = new ArrayList<>();
        new Simulator(SMALL).run(e -> times.add(e.timestamp()));

        // Sessions in far-west time zones and a 26 h session spill into the next UTC day: at most a day of disorder.
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isGreaterThan(times.get(i - 1) - 24 * 3_600_000L);
        }
    }

    @Test
    void everyPlantedCaseIsFoundAndEveryFalseAlertIsExplainedByAConfounder() {
        Simulator simulator = new Simulator(SMALL);
        try (TopologyFixture fixture = TopologyFixture.create(Map.of(
                "flagstream.allow-list.ips", String.join(",", simulator.corporateEgressIps()),
                "flagstream.allow-list.instruments", String.join(",", simulator.agencyInstruments())))) {
            GroundTruth truth = simulator.run(e -> {
                switch (e.kind()) {
                    case PAYOUT -> fixture.send((Payout) e.event());
                    case LOGIN -> fixture.send((Login) e.event());
                    case ACCOUNT_CHANGE -> fixture.send((AccountChange) e.event());
                }
            });

            List<io.flagstream.alerts.FraudAlert> alerts = fixture.alerts();
            Scorecard card = Scorecard.of(truth, alerts);
            assertThat(card.missed()).isEmpty();
            // Each operator team shows up as a high-risk account and as one linked-accounts cluster.
            for (int team = 0; team < SMALL.operatorTeams(); team++) {
                String prefix = "op-t" + team + "-";
                assertThat(alerts).as("team %d high-risk account", team).anySatisfy(a -> {
                    assertThat(a.getRuleId()).isEqualTo(RiskTopology.RISK_RULE_ID);
                    assertThat(a.getEntity().getId()).startsWith(prefix);
                });
                assertThat(alerts).as("team %d cluster", team).anySatisfy(a -> {
                    assertThat(a.getRuleId()).isEqualTo(RiskTopology.CLUSTER_RULE_ID);
                    assertThat(a.getAccounts()).filteredOn(x -> x.startsWith(prefix)).hasSizeGreaterThanOrEqualTo(3);
                });
            }
            Scorecard.RuleScore risk = card.byRule().get(RiskTopology.RISK_RULE_ID);
            Scorecard.RuleScore clusters = card.byRule().get(RiskTopology.CLUSTER_RULE_ID);
            System.out.printf("findings: risk %d (false %d), clusters %d (false %d); findings per 1,000 benign accounts per day %.3f;"
                            + " detector alerts %d, per 1,000 benign accounts per day %.3f%n",
                    risk.alerts(), risk.falseAlerts(), clusters.alerts(), clusters.falseAlerts(),
                    card.per1000BenignPerDay(card.findings()), card.detectorAlerts(), card.per1000BenignPerDay(card.detectorAlerts()));
            assertThat(card.foundTotal()).isEqualTo(2 * 15);
            // Confounders are there to mislead; plain benign accounts must never be flagged.
            assertThat(card.falseAlertsByLabel()).doesNotContainKey(GroundTruth.BENIGN);
            assertThat(card.falseAlerts()).hasSizeLessThanOrEqualTo(SMALL.accounts() / 20);
        }
    }
}
