package io.flagstream.risk;

import io.flagstream.alert.RecordSizeBound;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.flagstream.risk.RiskAndClustersTest.accounts;
import static io.flagstream.risk.RiskAndClustersTest.churnContacts;
import static io.flagstream.risk.RiskAndClustersTest.riskFixture;
import static io.flagstream.risk.RiskTopology.CLUSTER_RULE_ID;
import static io.flagstream.risk.RiskTopology.HUB_RULE_ID;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benign hub (a payroll provider's account that hundreds of freelancers are paid into) next to a real team
 * sharing an instrument. A16 is off here so that only the link rules speak; risk comes from contact churn (A14, 2 each).
 */
class HubAttributesTest {
    private static final String PAYROLL = "iban-payroll-provider";
    private static final String TEAM_WALLET = "wallet-team-7";

    private static TopologyFixture withoutA16() {
        return riskFixture(Map.of(ConfigLoader.key(SharedPayoutInstrumentDetector.ID, "enabled"), "false"));
    }

    /** Each account pays into {@code instrument} once, a minute after the previous one. */
    private static void payInto(TopologyFixture f, String instrument, List<String> accounts) {
        for (int i = 0; i < accounts.size(); i++) {
            f.send(payout(accounts.get(i)).to(instrument).at(T0.plus(Duration.ofMinutes(i))));
        }
    }

    @Test
    void anInstrumentPaidByFiveHundredAccountsIsOneHubFindingAndGluesNoGiantCluster() {
        try (TopologyFixture f = withoutA16()) {
            List<String> payees = accounts("p", 500);
            payees.forEach(p -> churnContacts(f, p, T0.plus(Duration.ofDays(1))));
            payInto(f, PAYROLL, payees);

            FraudAlert hub = f.inbox().expectAlert(HUB_RULE_ID).entity("instrument", PAYROLL).satisfies(h -> {
                assertThat(h.getIndicator()).isEqualTo("A16");
                assertThat(h.getThresholds().get(0).getObserved()).as("one more than the cap of 20").isEqualTo(21.0);
                assertThat(h.getAccounts()).hasSize(21);
            }).alert();
            f.inbox().expectNoMoreAlerts(HUB_RULE_ID);
            int cap = f.config.clusters().maxAccountsPerAttribute();
            assertThat(payees).allSatisfy(p -> assertThat(Components.sizeOf(f, p)).as(p).isLessThanOrEqualTo(cap));
            List<FraudAlert> clusters = f.inbox().expectAlerts(CLUSTER_RULE_ID);
            assertThat(clusters).allSatisfy(c -> assertThat(c.getThresholds().get(0).getObserved()).as("cluster size").isLessThanOrEqualTo(cap));
            List<FraudAlert> churn = f.inbox().expectAlerts(ContactChurnDetector.ID);
            f.inbox().expectNoMoreAlerts();
            assertThat(Stream.of(List.of(hub), clusters, churn).flatMap(List::stream)).as("every alert")
                    .allSatisfy(a -> assertThat(RecordSizeBound.bytes(a)).isLessThanOrEqualTo(RecordSizeBound.MAX_BYTES));
        }
    }

    @Test
    void aTeamSharingAnInstrumentBelowTheCapStillFormsItsClusterBesideTheHub() {
        try (TopologyFixture f = withoutA16()) {
            List<String> payees = accounts("p", 100);
            List<String> team = accounts("team", 5);
            team.forEach(m -> churnContacts(f, m, T0.plus(Duration.ofDays(1))));
            payInto(f, PAYROLL, payees);
            payInto(f, TEAM_WALLET, team);

            f.inbox().expectAlert(HUB_RULE_ID).entity(PAYROLL);
            f.inbox().expectNoMoreAlerts(HUB_RULE_ID);
            List<FraudAlert> clusters = f.inbox().expectAlerts(CLUSTER_RULE_ID);
            assertThat(clusters).extracting(FraudAlert::getAlertId).containsOnly(clusters.get(0).getAlertId());
            assertThat(clusters).last().satisfies(c -> {
                assertThat(c.getAccounts()).containsExactlyElementsOf(team);
                assertThat(c.getEvidence()).filteredOn(e -> e.getSource().equals("links"))
                        .allSatisfy(e -> assertThat(e.getFacts()).containsEntry("instrument", TEAM_WALLET));
            });
        }
    }

    @Test
    void aBigComponentsFindingListsABoundedSampleAndCountsTheRest() {
        // The cap raised so that one instrument glues 300 risky accounts into one component.
        try (TopologyFixture f = riskFixture(Map.of(ConfigLoader.key(SharedPayoutInstrumentDetector.ID, "enabled"), "false",
                "flagstream.clusters.max-accounts-per-attribute", "1000"))) {
            List<String> members = accounts("m", 300);
            members.forEach(m -> churnContacts(f, m, T0.plus(Duration.ofDays(1))));
            payInto(f, TEAM_WALLET, members);

            List<FraudAlert> clusters = f.inbox().expectAlerts(CLUSTER_RULE_ID);
            assertThat(clusters).extracting(c -> c.getThresholds().get(0).getObserved())
                    .as("a revision per account up to 8, then at each power of two").containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0);
            assertThat(clusters).last().satisfies(c -> {
                assertThat(c.getEvidence()).hasSizeLessThanOrEqualTo(ClusterSummaries.MAX_MEMBERS + ClusterSummaries.MAX_LINKS);
                assertThat(c.getParameters()).containsEntry(ClusterFindings.MEMBERS_LEFT_OUT, String.valueOf(256 - ClusterSummaries.MAX_MEMBERS))
                        .containsEntry(ClusterFindings.LINKS_LEFT_OUT, String.valueOf(255 - ClusterSummaries.MAX_LINKS));
                assertThat(RecordSizeBound.bytes(c)).isLessThanOrEqualTo(RecordSizeBound.MAX_BYTES);
            });
        }
    }
}
