package io.flagstream.risk;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
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
import io.flagstream.config.RiskSettings;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.state.RiskProfile;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.flagstream.risk.RiskTopology.CLUSTER_RULE_ID;
import static io.flagstream.risk.RiskTopology.HUB_RULE_ID;
import static io.flagstream.risk.RiskTopology.RISK_RULE_ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account risk and linked-account clusters through the production topology. Only A2 (weight 5), A14 (2) and
 * A16 (10) are enabled, so every score below is exact: threshold 11, clusters of 3 with combined risk above 5.
 */
class RiskAndClustersTest {
    private static final List<String> KEPT = List.of(SharedLoginIpDetector.ID, ContactChurnDetector.ID, SharedPayoutInstrumentDetector.ID);

    @RegisterExtension
    final TopologyFixture fixture = riskFixture(Map.of());
    /** Risk and cluster findings are taken by rule, like detector alerts: they share the alerts topic. */
    private final AlertInbox inbox = fixture.inbox();

    /**
     * The production topology with only A2, A14 and A16 on, risk threshold 11 and cluster min-risk 5; no link
     * indicators (A2 counts in a cluster's risk here, so a shared IP alone makes a reportable cluster), except where
     * a test sets {@code flagstream.clusters.link-indicators}.
     */
    static TopologyFixture riskFixture(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        for (String id : List.of(AccountManyIpsDetector.ID, SharedLoginIpDetector.ID, ContinuousSessionDetector.ID, RemoteAccessDetector.ID, SharedClientFreelancerInstrumentDetector.ID, HighRiskDestinationDetector.ID,
                PayoutNameMismatchDetector.ID, LocationMismatchDetector.ID, CryptoSwitchDetector.ID, OffHoursDetector.ID, ContactChurnDetector.ID, SharedPayoutInstrumentDetector.ID,
                PaymentMethodChurnDetector.ID, SmallPayoutsDrainDetector.ID, FreshInstrumentPayoutDetector.ID)) {
            settings.put(ConfigLoader.key(id, "enabled"), String.valueOf(KEPT.contains(id)));
        }
        settings.put("flagstream.risk.threshold", "11");
        settings.put("flagstream.clusters.min-risk", "5");
        settings.put("flagstream.clusters.link-indicators", "none");
        settings.putAll(overrides);
        return TopologyFixture.create(settings);
    }

    /** A16: the accounts pay into one wallet within an hour (weight 10 each). */
    static void shareWallet(TopologyFixture f, String wallet, Instant at, String... accounts) {
        for (int i = 0; i < accounts.length; i++) {
            f.send(payout(accounts[i]).to(wallet).at(at.plus(Duration.ofMinutes(i))));
        }
    }

    /** A14: three e-mail changes within a day (weight 2). */
    static void churnContacts(TopologyFixture f, String account, Instant at) {
        for (int i = 0; i < 3; i++) {
            f.send(change(account).emailChanged(account + "-mail-" + i + "-" + at.toEpochMilli()).at(at.plus(Duration.ofHours(i))));
        }
    }

    @Test
    void riskAccumulatesAcrossAlertsAndCrossesTheThresholdOnce() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        inbox.expectNoMoreAlerts(RISK_RULE_ID); // 10 < 11

        churnContacts(fixture, "a", T0.plus(Duration.ofHours(1)));

        inbox.expectAlert(RISK_RULE_ID).entity("account", "a").revision(0).satisfies(r -> {
            assertThat(r.getIndicator()).isEqualTo("RISK");
            assertThat(r.getEvidence()).extracting(e -> e.getFacts().get("ruleId"))
                    .containsExactlyInAnyOrder(SharedPayoutInstrumentDetector.ID, ContactChurnDetector.ID);
            assertThat(r.getEvidence()).allSatisfy(e -> assertThat(e.getFacts()).containsKeys("alertId", "indicator", "weight", "contribution"));
            assertThat(r.getThresholds().get(0).getObserved()).isBetween(11.9, 12.0);
        });
        inbox.expectNoMoreAlerts(RISK_RULE_ID);

        // Another e-mail change inside the same A14 episode adds nothing and raises nothing.
        fixture.send(change("a").emailChanged("a-mail-x").at(T0.plus(Duration.ofHours(5))));
        inbox.expectNoMoreAlerts(RISK_RULE_ID);
    }

    @Test
    void aLaterAlertUpdatesTheSameFindingAndARevisionReplacesItsContribution() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        churnContacts(fixture, "a", T0.plus(Duration.ofHours(1)));
        inbox.expectAlert(SharedPayoutInstrumentDetector.ID).revision(0);
        FraudAlert first = inbox.expectAlert(RISK_RULE_ID).alert();
        inbox.expectNoMoreAlerts(RISK_RULE_ID);

        shareWallet(fixture, "w1", T0.plus(Duration.ofHours(6)), "d");
        inbox.expectAlert(SharedPayoutInstrumentDetector.ID).revision(1);
        inbox.expectNoMoreAlerts(SharedPayoutInstrumentDetector.ID);
        KeyValueStore<String, RiskProfile> profiles = fixture.driver.getKeyValueStore(RiskTopology.PROFILES_STORE);
        assertThat(profiles.get("b").getContributions()).as("the revision replaced the entry").hasSize(1);
        inbox.expectNoMoreAlerts(RISK_RULE_ID); // b: 10 < 11, a: no new alert

        // A second A16 episode on "a" repeats an indicator already counted: no stacking, no revision.
        shareWallet(fixture, "w2", T0.plus(Duration.ofDays(2)), "a", "x", "y");
        inbox.expectNoMoreAlerts(RISK_RULE_ID);
        RiskProfile a = profiles.get("a");
        assertThat(a.getContributions()).hasSize(3);
        assertThat(RiskProfiles.score(a, a.getUpdatedAt(), new RiskSettings(Map.of("A16", 10.0, "A14", 2.0),
                Duration.ofDays(14), 11))).as("A16 once, at most its weight, + A14 decayed").isBetween(11.7, 12.0);

        // A new indicator (A2) updates the finding.
        logInFrom(fixture, "203.0.113.77", IpType.RESIDENTIAL, T0.plus(Duration.ofDays(2)), List.of("a", "p", "q"));
        inbox.expectAlert(RISK_RULE_ID).alertId(first.getAlertId()).revision(1).satisfies(r -> {
            assertThat(r.getEvidence()).hasSize(4);
            assertThat(r.getEvidence()).filteredOn(e -> e.getFacts().get("contribution").equals("0.00")).hasSize(1);
        });
        inbox.expectNoMoreAlerts(RISK_RULE_ID);
    }

    @Test
    void oneIndicatorRepeatedRaisesNoFindingUnlessItAloneWeighsTheThreshold() {
        // Three A2 episodes (three IPs) on "a": 5 once, not 15.
        for (int i = 0; i < 3; i++) {
            logInFrom(fixture, "203.0.113." + (80 + i), IpType.RESIDENTIAL, T0.plus(Duration.ofDays(2L * i)), List.of("a", "p" + i, "q" + i));
        }
        inbox.expectNoMoreAlerts(RISK_RULE_ID);

        try (TopologyFixture f = riskFixture(Map.of("flagstream.risk.weight.a16", "12"))) {
            // One strong indicator past the threshold (12 >= 11) is enough alone.
            shareWallet(f, "w1", T0, "a", "b", "c");
            assertThat(f.inbox().expectAlerts(RISK_RULE_ID)).hasSize(3);
        }
    }

    @Test
    void riskDecaysWithEventTime() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        // 56 days = 4 half-lives: 10 / 16 + 2 < 11.
        churnContacts(fixture, "a", T0.plus(Duration.ofDays(56)));
        inbox.expectNoMoreAlerts(RISK_RULE_ID);
        RiskProfile a = fixture.driver.<String, RiskProfile>getKeyValueStore(RiskTopology.PROFILES_STORE).get("a");
        assertThat(a.getContributions()).hasSize(2);

        // 71 days after the A16 alert: more than 5 half-lives, its entry is dropped.
        churnContacts(fixture, "a", T0.plus(Duration.ofDays(71)));
        a = fixture.driver.<String, RiskProfile>getKeyValueStore(RiskTopology.PROFILES_STORE).get("a");
        assertThat(a.getContributions()).extracting(e -> e.getRuleId()).doesNotContain(SharedPayoutInstrumentDetector.ID);
    }

    @Test
    void endedRiskAndClusterFindingsAreClosedLikeDetectorAlerts() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        churnContacts(fixture, "a", T0.plus(Duration.ofHours(1)));
        FraudAlert risk = inbox.expectAlerts(RISK_RULE_ID).get(0);
        FraudAlert cluster = inbox.expectAlerts(CLUSTER_RULE_ID).get(0);

        // 200 days later other accounts alert (moving both tasks' event time past every retention), and the
        // wall-clock purge runs: both findings end with a CLOSED revision under their own ids.
        shareWallet(fixture, "w9", T0.plus(Duration.ofDays(200)), "p", "q", "r");
        fixture.advanceWallClock(Duration.ofMinutes(11));

        assertThat(inbox.expectAlerts(RISK_RULE_ID)).filteredOn(x -> x.getAlertId().equals(risk.getAlertId())).singleElement()
                .satisfies(x -> assertThat(x.getStatus().toString()).isEqualTo("CLOSED"));
        assertThat(inbox.expectAlerts(CLUSTER_RULE_ID)).filteredOn(x -> x.getAlertId().equals(cluster.getAlertId())).singleElement()
                .satisfies(x -> assertThat(x.getStatus().toString()).isEqualTo("CLOSED"));
    }

    @Test
    void anIdleComponentIsDroppedWithItsNodesWhileALiveOneStays() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        assertThat(Components.sizeOf(fixture, "a")).isEqualTo(3);

        // 200 days later (past the 70-day retention) another component is active, and the daily sweep runs.
        shareWallet(fixture, "w9", T0.plus(Duration.ofDays(200)), "p", "q", "r");
        fixture.advanceWallClock(Duration.ofMinutes(11));

        // Dropped; the CLOSED revision of w1's A16 alert may bring each account back as a component of one.
        assertThat(List.of("a", "b", "c")).allSatisfy(x -> assertThat(Components.alone(fixture, x)).as(x).isTrue());
        assertThat(Components.sizeOf(fixture, "p")).isEqualTo(3);
    }

    @Test
    void aSharedInstrumentFormsAClusterThatGrowsUnderOneFinding() {
        shareWallet(fixture, "w1", T0, "b", "c", "a");
        FraudAlert opened = inbox.expectAlert(CLUSTER_RULE_ID).entity("cluster", "a").accounts("a", "b", "c")
                .satisfies(c -> assertThat(c.getEvidence()).filteredOn(e -> e.getSource().equals("links")).hasSize(2)
                        .allSatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "instrument").containsEntry("instrument", "w1")))
                .alert();
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);

        shareWallet(fixture, "w1", T0.plus(Duration.ofHours(2)), "d");

        inbox.expectAlert(CLUSTER_RULE_ID).alertId(opened.getAlertId()).entity("a").revision(1).accounts("a", "b", "c", "d");
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);
    }

    @Test
    void aLinkBetweenTwoClustersMergesThemAndKeepsTheFirstFindingsId() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        shareWallet(fixture, "w2", T0.plus(Duration.ofHours(1)), "d", "e", "f");
        FraudAlert first = inbox.expectAlert(CLUSTER_RULE_ID).entity("a").alert();
        inbox.expectAlert(CLUSTER_RULE_ID).entity("d");
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);

        // c and d log in from the same device (different IPs): one link joins the clusters.
        fixture.send(withDevice(login("c").fromIp("198.51.100.1", "US").at(T0.plus(Duration.ofHours(3))), "dev-1"));
        fixture.send(withDevice(login("d").fromIp("198.51.100.2", "US").at(T0.plus(Duration.ofHours(4))), "dev-1"));

        inbox.expectAlert(CLUSTER_RULE_ID).alertId(first.getAlertId()).entity("a").revision(1)
                .accounts("a", "b", "c", "d", "e", "f")
                .satisfies(c -> assertThat(c.getEvidence()).anySatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "device")
                        .containsEntry("device", "dev-1")));
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);
    }

    @Test
    void aSharedLoginIpLinksButAMobileIpDoesNot() {
        for (String account : List.of("p", "q", "r")) {
            fixture.send(login(account).fromIp("198.51.100.9", "US").ipType(IpType.RESIDENTIAL).at(T0.plus(Duration.ofMinutes(account.charAt(0)))));
        }
        inbox.expectAlert(CLUSTER_RULE_ID).accounts("p", "q", "r");
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);

        for (String account : List.of("m1", "m2", "m3")) {
            fixture.send(login(account).fromIp("100.64.0.1", "US").ipType(IpType.MOBILE).at(T0.plus(Duration.ofMinutes(200 + account.charAt(1)))));
        }
        assertThat(Components.sizeOf(fixture, "m1")).as("never linked").isZero();
        assertThat(Components.sizeOf(fixture, "m2")).as("never linked").isZero();
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);
    }

    /** Each account logs in from {@code ip} once, a minute after the previous one. */
    private static void logInFrom(TopologyFixture f, String ip, IpType type, Instant at, List<String> accounts) {
        for (int i = 0; i < accounts.size(); i++) {
            f.send(login(accounts.get(i)).fromIp(ip, "NL").ipType(type).at(at.plus(Duration.ofMinutes(i))));
        }
    }

    static List<String> accounts(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("%s%02d", prefix, i)).toList();
    }

    @Test
    void unrelatedAccountsBehindOneConsumerVpnExitFormNoClusterWhileATeamBehindOneVpsDoes() {
        // A2 made to count VPN logins: it raises each VPN user's risk (5 each), so only the link rule keeps them apart.
        try (TopologyFixture f = riskFixture(Map.of(ConfigLoader.key(SharedLoginIpDetector.ID, "ignored-ip-types"), "MOBILE"))) {
            List<String> vpnUsers = accounts("v", 30);
            logInFrom(f, "198.18.0.7", IpType.VPN, T0, vpnUsers);
            f.inbox().expectAlerts(SharedLoginIpDetector.ID);
            assertThat(vpnUsers).as("each in a component of its own").allSatisfy(v -> assertThat(Components.alone(f, v)).as(v).isTrue());
            f.inbox().expectNoMoreAlerts(CLUSTER_RULE_ID);

            List<String> team = accounts("op", 6);
            logInFrom(f, "203.0.113.10", IpType.HOSTING, T0.plus(Duration.ofHours(2)), team);
            List<FraudAlert> revisions = f.inbox().expectAlerts(CLUSTER_RULE_ID);
            assertThat(revisions).extracting(FraudAlert::getAlertId).as("one finding, revised as it grows").containsOnly(revisions.get(0).getAlertId());
            assertThat(revisions).last().satisfies(c -> assertThat(c.getAccounts()).containsExactlyElementsOf(team));
        }
    }

    @Test
    void anIpUsedByMoreAccountsThanTheCapIsAHubThatLinksNoFurtherAccountAndIsReportedOnce() {
        List<String> users = accounts("n", 14);
        logInFrom(fixture, "198.51.100.77", IpType.BUSINESS, T0, users);
        // The first 10 accounts (the default cap) are linked, the 11th and later are not.
        assertThat(Components.sizeOf(fixture, "n01")).isEqualTo(10);
        assertThat(users.subList(0, 10)).allSatisfy(n -> assertThat(Components.together(fixture, "n01", n)).as(n).isTrue());
        assertThat(users.subList(10, 14)).as("each in a component of its own").allSatisfy(n -> assertThat(Components.alone(fixture, n)).as(n).isTrue());

        assertThat(inbox.expectAlerts(CLUSTER_RULE_ID)).extracting(c -> c.getThresholds().get(0).getObserved())
                .as("revised as a small component grows, not at 9 and 10").containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        inbox.expectAlert(HUB_RULE_ID).entity("ip", "198.51.100.77").satisfies(h -> {
            assertThat(h.getIndicator()).isEqualTo("A2");
            assertThat(h.getParameters()).containsEntry("accounts-counted", "11");
            assertThat(h.getAccounts()).hasSize(11).contains("n11");
        });
        inbox.expectNoMoreAlerts(HUB_RULE_ID);
    }

    @Test
    void aClusterLinkedByALoginIpDoesNotCountTheSharedLoginIpAlertsAsItsRisk() {
        try (TopologyFixture f = riskFixture(Map.of("flagstream.clusters.link-indicators", "A2"))) {
            List<String> colleagues = List.of("p", "q", "r");
            logInFrom(f, "198.51.100.9", IpType.RESIDENTIAL, T0, colleagues);
            f.inbox().expectAlerts(SharedLoginIpDetector.ID);
            assertThat(Components.sizeOf(f, "p")).as("linked").isEqualTo(3);
            // Their only indicator is A2 (5 each, 15 > 5 if counted): the shared IP is the link itself.
            f.inbox().expectNoMoreAlerts(CLUSTER_RULE_ID);

            // A14 (2 each) is another indicator: 6 > 5, and the cluster is reported.
            for (int i = 0; i < colleagues.size(); i++) {
                churnContacts(f, colleagues.get(i), T0.plus(Duration.ofHours(1 + 4L * i)));
            }
            List<FraudAlert> clusters = f.inbox().expectAlerts(CLUSTER_RULE_ID);
            assertThat(clusters).last().satisfies(c -> assertThat(c.getAccounts()).containsExactlyElementsOf(colleagues));
        }
    }

    @Test
    void aSharedIdentityDocumentLinks() {
        shareWallet(fixture, "w1", T0, "a", "b", "c");
        inbox.expectAlerts(CLUSTER_RULE_ID); // a, b and c's cluster, before the document
        fixture.send(withDocument(change("c").kind(AccountChangeKind.IDENTITY_DOCUMENT_SUBMITTED).at(T0.plus(Duration.ofDays(1))), "doc-9"));
        fixture.send(withDocument(change("z").kind(AccountChangeKind.IDENTITY_DOCUMENT_SUBMITTED).at(T0.plus(Duration.ofDays(2))), "doc-9"));

        inbox.expectAlert(CLUSTER_RULE_ID).accounts("a", "b", "c", "z")
                .satisfies(c -> assertThat(c.getEvidence()).anySatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "document")));
        inbox.expectNoMoreAlerts(CLUSTER_RULE_ID);
    }

    @Test
    void aClusterWithoutEnoughRiskIsNotReported() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.clusters.min-risk", "1000"))) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            f.inbox().expectNoMoreAlerts(CLUSTER_RULE_ID);
        }
    }

    private static Login withDevice(Login login, String device) {
        login.setDeviceId(device);
        return login;
    }

    private static AccountChange withDocument(AccountChange c, String fingerprint) {
        c.setDocumentFingerprint(fingerprint);
        return c;
    }
}
