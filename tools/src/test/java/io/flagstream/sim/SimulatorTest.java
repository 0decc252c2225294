package io.flagstream.sim;

import io.flagstream.detect.accountmanyips.AccountManyIpsDetector;
import io.flagstream.detect.clientfreelancer.SharedClientFreelancerInstrumentDetector;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.continuoussession.ContinuousSessionDetector;
import io.flagstream.detect.cryptoswitch.CryptoSwitchDetector;
import io.flagstream.detect.freshinstrument.FreshInstrumentPayoutDetector;
import io.flagstream.detect.highrisk.HighRiskDestinationDetector;
import io.flagstream.detect.locationmismatch.LocationMismatchDetector;
import io.flagstream.detect.namemismatch.PayoutNameMismatchDetector;
import io.flagstream.detect.offhours.OffHoursDetector;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.remoteaccess.RemoteAccessDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpDetector;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.risk.RiskTopology;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorTest {
    private static final long DEFAULT_EVENTS = 28_445L;
    private static final String DEFAULT_DIGEST = "8a02ab2af302fc89d77b1dad23466ec91584fccc70f58de0469b223b5be90d0d";
    private static final DemoScenario SMALL = new DemoScenario(7, 300, 14, Instant.parse("2026-03-01T00:00:00Z"), 2);
    private static final DemoScenario HARD = new DemoScenario(7, 300, 28, SMALL.start(), 1, HardPopulation.forAccounts(300));

    @Test
    void theDefaultScenarioIsExactlyAsItWasBeforeTheHardPreset() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long[] count = {0};
        new Simulator(SMALL).run(e -> {
            digest.update(e.event().toString().getBytes(StandardCharsets.UTF_8));
            count[0]++;
        });

        // Pinned from the simulator before the hard preset was added: the default scenario's scorecard depends on it.
        assertThat(count[0]).isEqualTo(DEFAULT_EVENTS);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(DEFAULT_DIGEST);
    }

    @Test
    void theHardPresetAddsPowerLawHubsWithStableWeeklyPayersAndStealthTeams() {
        Map<String, Set<String>> payersByHub = new TreeMap<>();
        Map<String, Set<Integer>> weeksPaidByAccount = new HashMap<>();
        Set<DayOfWeek> hubOnePaydays = new HashSet<>();
        GroundTruth truth = new Simulator(HARD).run(e -> {
            if (e.event() instanceof Payout p && p.getInstrument().getFingerprint().startsWith("payroll-hub-")) {
                payersByHub.computeIfAbsent(p.getInstrument().getFingerprint(), h -> new TreeSet<>()).add(p.getAccountId());
                int week = (int) Duration.between(HARD.start(), p.getTimestamp()).toDays() / 7;
                weeksPaidByAccount.computeIfAbsent(p.getAccountId(), a -> new TreeSet<>()).add(week);
                if (p.getInstrument().getFingerprint().equals("payroll-hub-1")) {
                    hubOnePaydays.add(p.getTimestamp().atZone(ZoneOffset.UTC).getDayOfWeek());
                }
            }
        });

        // Zipf: the largest hub has max payers, the second half as many.
        assertThat(payersByHub.get("payroll-hub-1")).hasSize(HARD.hard().hubMaxPayers());
        assertThat(payersByHub.get("payroll-hub-2")).hasSize(HARD.hard().hubMaxPayers() / 2);
        // Stable recurring payers: every member is paid every week, on the hub's payday (a day either side in UTC).
        assertThat(weeksPaidByAccount.values()).allSatisfy(weeks -> assertThat(weeks).containsExactly(0, 1, 2, 3));
        assertThat(hubOnePaydays).hasSizeLessThanOrEqualTo(2);
        assertThat(truth.accountLabels()).containsValues("confounder:payroll-hub", "confounder:escrow-hub",
                "confounder:family-shared", "confounder:contractor-agency", "confounder:unlisted-corporate-nat",
                "confounder:carrier-nat", "operator:stealth-0", "operator:team-0");
        assertThat(truth.cases()).filteredOn(c -> c.entityId().startsWith("op-s0-")).extracting(PlantedCase::ruleId)
                .containsExactlyInAnyOrder(SmallPayoutsDrainDetector.ID, SharedPayoutInstrumentDetector.ID, PaymentMethodChurnDetector.ID, LocationMismatchDetector.ID);
        assertThat(new Simulator(HARD).corporateEgressIps()).noneMatch(ip -> ip.startsWith("172.20."));
    }

    @Test
    void stealthTeamsNeedFourWeeks() {
        assertThatThrownBy(() -> new DemoScenario(7, 300, 14, SMALL.start(), 1, HardPopulation.forAccounts(300)))
                .hasMessageContaining("at least 28");
    }

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

        assertThat(truth.cases()).extracting(PlantedCase::ruleId).containsOnly(AccountManyIpsDetector.ID, SharedLoginIpDetector.ID,
                ContinuousSessionDetector.ID, RemoteAccessDetector.ID, SharedClientFreelancerInstrumentDetector.ID, HighRiskDestinationDetector.ID, PayoutNameMismatchDetector.ID, LocationMismatchDetector.ID,
                CryptoSwitchDetector.ID, OffHoursDetector.ID, ContactChurnDetector.ID, SharedPayoutInstrumentDetector.ID, PaymentMethodChurnDetector.ID, SmallPayoutsDrainDetector.ID,
                FreshInstrumentPayoutDetector.ID);
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
