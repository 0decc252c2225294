package io.flagstream.risk;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.DetectorIds;
import io.flagstream.config.RiskSettings;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.state.RiskProfile;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
    private static final List<String> KEPT = List.of(DetectorIds.A2, DetectorIds.A14, DetectorIds.A16);

    static TopologyFixture fixture() {
        return fixture(Map.of());
    }

    static TopologyFixture fixture(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        for (String id : List.of(DetectorIds.A1, DetectorIds.A2, DetectorIds.A3, DetectorIds.A4, DetectorIds.A5, DetectorIds.A8,
                DetectorIds.A9, DetectorIds.A11, DetectorIds.A12, DetectorIds.A13, DetectorIds.A14, DetectorIds.A16,
                DetectorIds.A17, DetectorIds.A18, DetectorIds.A19)) {
            settings.put(ConfigLoader.key(id, "enabled"), String.valueOf(KEPT.contains(id)));
        }
        settings.put("flagstream.risk.threshold", "11");
        settings.put("flagstream.clusters.min-risk", "5");
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

    static List<FraudAlert> findings(List<FraudAlert> alerts, String rule) {
        return alerts.stream().filter(a -> rule.equals(a.getRuleId())).toList();
    }

    @Test
    void riskAccumulatesAcrossAlertsAndCrossesTheThresholdOnce() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).as("10 < 11").isEmpty();

            churnContacts(f, "a", T0.plus(Duration.ofHours(1)));
            List<FraudAlert> risk = findings(f.alerts(), RiskTopology.RISK_RULE_ID);

            assertThat(risk).singleElement().satisfies(r -> {
                assertThat(r.getEntity().getType()).isEqualTo("account");
                assertThat(r.getEntity().getId()).isEqualTo("a");
                assertThat(r.getIndicator()).isEqualTo("RISK");
                assertThat(r.getRevision()).isZero();
                assertThat(r.getEvidence()).extracting(e -> e.getFacts().get("ruleId"))
                        .containsExactlyInAnyOrder(DetectorIds.A16, DetectorIds.A14);
                assertThat(r.getEvidence()).allSatisfy(e -> assertThat(e.getFacts()).containsKeys("alertId", "indicator", "weight", "contribution"));
                assertThat(r.getThresholds().get(0).getObserved()).isBetween(11.9, 12.0);
            });

            // Another e-mail change inside the same A14 episode adds nothing and raises nothing.
            f.send(change("a").emailChanged("a-mail-x").at(T0.plus(Duration.ofHours(5))));
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).isEmpty();
        }
    }

    @Test
    void aLaterAlertUpdatesTheSameFindingAndARevisionReplacesItsContribution() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            churnContacts(f, "a", T0.plus(Duration.ofHours(1)));
            FraudAlert first = findings(f.alerts(), RiskTopology.RISK_RULE_ID).get(0);

            shareWallet(f, "w1", T0.plus(Duration.ofHours(6)), "d");
            List<FraudAlert> afterRevision = f.alerts();
            assertThat(findings(afterRevision, DetectorIds.A16)).singleElement().satisfies(a -> assertThat(a.getRevision()).isEqualTo(1));
            KeyValueStore<String, RiskProfile> profiles = f.driver.getKeyValueStore(RiskTopology.PROFILES_STORE);
            assertThat(profiles.get("b").getContributions()).as("the revision replaced the entry").hasSize(1);
            assertThat(findings(afterRevision, RiskTopology.RISK_RULE_ID)).as("b: 10 < 11, a: no new alert").isEmpty();

            // A second A16 episode on "a" repeats an indicator already counted: no stacking, no revision.
            shareWallet(f, "w2", T0.plus(Duration.ofDays(2)), "a", "x", "y");
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).isEmpty();
            RiskProfile a = profiles.get("a");
            assertThat(a.getContributions()).hasSize(3);
            assertThat(RiskProfiles.score(a, a.getUpdatedAt(), new RiskSettings(Map.of("A16", 10.0, "A14", 2.0),
                    Duration.ofDays(14), 11))).as("A16 once, at most its weight, + A14 decayed").isBetween(11.7, 12.0);

            // A new indicator (A2) updates the finding.
            logInFrom(f, "203.0.113.77", IpType.RESIDENTIAL, T0.plus(Duration.ofDays(2)), List.of("a", "p", "q"));
            List<FraudAlert> updated = findings(f.alerts(), RiskTopology.RISK_RULE_ID);
            assertThat(updated).singleElement().satisfies(r -> {
                assertThat(r.getAlertId()).isEqualTo(first.getAlertId());
                assertThat(r.getRevision()).isEqualTo(1);
                assertThat(r.getEvidence()).hasSize(4);
                assertThat(r.getEvidence()).filteredOn(e -> e.getFacts().get("contribution").equals("0.00")).hasSize(1);
            });
        }
    }

    @Test
    void oneIndicatorRepeatedRaisesNoFindingUnlessItAloneWeighsTheThreshold() {
        try (TopologyFixture f = fixture()) {
            // Three A2 episodes (three IPs) on "a": 5 once, not 15.
            for (int i = 0; i < 3; i++) {
                logInFrom(f, "203.0.113." + (80 + i), IpType.RESIDENTIAL, T0.plus(Duration.ofDays(2L * i)), List.of("a", "p" + i, "q" + i));
            }
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).isEmpty();
        }
        try (TopologyFixture f = fixture(Map.of("flagstream.risk.weight.a16", "12"))) {
            // One strong indicator past the threshold (12 >= 11) is enough alone.
            shareWallet(f, "w1", T0, "a", "b", "c");
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).hasSize(3);
        }
    }

    @Test
    void riskDecaysWithEventTime() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            // 56 days = 4 half-lives: 10 / 16 + 2 < 11.
            churnContacts(f, "a", T0.plus(Duration.ofDays(56)));
            assertThat(findings(f.alerts(), RiskTopology.RISK_RULE_ID)).isEmpty();
            RiskProfile a = f.driver.<String, RiskProfile>getKeyValueStore(RiskTopology.PROFILES_STORE).get("a");
            assertThat(a.getContributions()).hasSize(2);

            // 71 days after the A16 alert: more than 5 half-lives, its entry is dropped.
            churnContacts(f, "a", T0.plus(Duration.ofDays(71)));
            a = f.driver.<String, RiskProfile>getKeyValueStore(RiskTopology.PROFILES_STORE).get("a");
            assertThat(a.getContributions()).extracting(e -> e.getRuleId()).doesNotContain(DetectorIds.A16);
        }
    }

    @Test
    void endedRiskAndClusterFindingsAreClosedLikeDetectorAlerts() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            churnContacts(f, "a", T0.plus(Duration.ofHours(1)));
            List<FraudAlert> opened = f.alerts();
            FraudAlert risk = findings(opened, RiskTopology.RISK_RULE_ID).get(0);
            FraudAlert cluster = findings(opened, RiskTopology.CLUSTER_RULE_ID).get(0);

            // 200 days later other accounts alert (moving both tasks' event time past every retention), and the
            // wall-clock purge runs: both findings end with a CLOSED revision under their own ids.
            shareWallet(f, "w9", T0.plus(Duration.ofDays(200)), "p", "q", "r");
            f.advanceWallClock(Duration.ofMinutes(11));
            List<FraudAlert> later = f.alerts();

            assertThat(later).filteredOn(x -> x.getAlertId().equals(risk.getAlertId())).singleElement()
                    .satisfies(x -> assertThat(x.getStatus().toString()).isEqualTo("CLOSED"));
            assertThat(later).filteredOn(x -> x.getAlertId().equals(cluster.getAlertId())).singleElement()
                    .satisfies(x -> assertThat(x.getStatus().toString()).isEqualTo("CLOSED"));
        }
    }

    @Test
    void anIdleComponentIsDroppedWithItsNodesWhileALiveOneStays() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            assertThat(Components.sizeOf(f, "a")).isEqualTo(3);

            // 200 days later (past the 70-day retention) another component is active, and the daily sweep runs.
            shareWallet(f, "w9", T0.plus(Duration.ofDays(200)), "p", "q", "r");
            f.advanceWallClock(Duration.ofMinutes(11));

            // Dropped; the CLOSED revision of w1's A16 alert may bring each account back as a component of one.
            assertThat(List.of("a", "b", "c")).allSatisfy(x -> assertThat(Components.alone(f, x)).as(x).isTrue());
            assertThat(Components.sizeOf(f, "p")).isEqualTo(3);
        }
    }

    @Test
    void aSharedInstrumentFormsAClusterThatGrowsUnderOneFinding() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "b", "c", "a");
            List<FraudAlert> clusters = findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID);
            assertThat(clusters).singleElement().satisfies(c -> {
                assertThat(c.getEntity().getType()).isEqualTo("cluster");
                assertThat(c.getEntity().getId()).isEqualTo("a");
                assertThat(c.getAccounts()).containsExactly("a", "b", "c");
                assertThat(c.getEvidence()).filteredOn(e -> e.getSource().equals("links")).hasSize(2)
                        .allSatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "instrument").containsEntry("instrument", "w1"));
            });

            shareWallet(f, "w1", T0.plus(Duration.ofHours(2)), "d");
            List<FraudAlert> grown = findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID);
            assertThat(grown).singleElement().satisfies(c -> {
                assertThat(c.getAlertId()).isEqualTo(clusters.get(0).getAlertId());
                assertThat(c.getEntity().getId()).isEqualTo("a");
                assertThat(c.getRevision()).isEqualTo(1);
                assertThat(c.getAccounts()).containsExactly("a", "b", "c", "d");
            });
        }
    }

    @Test
    void aLinkBetweenTwoClustersMergesThemAndKeepsTheFirstFindingsId() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            shareWallet(f, "w2", T0.plus(Duration.ofHours(1)), "d", "e", "f");
            List<FraudAlert> two = findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID);
            assertThat(two).extracting(c -> c.getEntity().getId()).containsExactly("a", "d");

            // c and d log in from the same device (different IPs): one link joins the clusters.
            f.send(withDevice(login("c").fromIp("198.51.100.1", "US").at(T0.plus(Duration.ofHours(3))), "dev-1"));
            f.send(withDevice(login("d").fromIp("198.51.100.2", "US").at(T0.plus(Duration.ofHours(4))), "dev-1"));
            List<FraudAlert> merged = findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID);
            assertThat(merged).singleElement().satisfies(c -> {
                assertThat(c.getAccounts()).containsExactly("a", "b", "c", "d", "e", "f");
                assertThat(c.getEntity().getId()).isEqualTo("a");
                assertThat(c.getRevision()).isEqualTo(1);
                assertThat(c.getEvidence()).anySatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "device")
                        .containsEntry("device", "dev-1"));
            });
        }
    }

    @Test
    void aSharedLoginIpLinksButAMobileIpDoesNot() {
        try (TopologyFixture f = fixture()) {
            for (String account : List.of("p", "q", "r")) {
                f.send(login(account).fromIp("198.51.100.9", "US").ipType(IpType.RESIDENTIAL).at(T0.plus(Duration.ofMinutes(account.charAt(0)))));
            }
            assertThat(findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID)).singleElement()
                    .satisfies(c -> assertThat(c.getAccounts()).containsExactly("p", "q", "r"));

            for (String account : List.of("m1", "m2", "m3")) {
                f.send(login(account).fromIp("100.64.0.1", "US").ipType(IpType.MOBILE).at(T0.plus(Duration.ofMinutes(200 + account.charAt(1)))));
            }
            assertThat(Components.sizeOf(f, "m1")).as("never linked").isZero();
            assertThat(Components.sizeOf(f, "m2")).as("never linked").isZero();
            assertThat(findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID)).isEmpty();
        }
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
        try (TopologyFixture f = fixture(Map.of(ConfigLoader.key(DetectorIds.A2, "ignored-ip-types"), "MOBILE"))) {
            List<String> vpnUsers = accounts("v", 30);
            logInFrom(f, "198.18.0.7", IpType.VPN, T0, vpnUsers);
            assertThat(findings(f.alerts(), DetectorIds.A2)).isNotEmpty();
            assertThat(vpnUsers).as("each in a component of its own").allSatisfy(v -> assertThat(Components.alone(f, v)).as(v).isTrue());
            assertThat(findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID)).isEmpty();

            List<String> team = accounts("op", 6);
            logInFrom(f, "203.0.113.10", IpType.HOSTING, T0.plus(Duration.ofHours(2)), team);
            List<FraudAlert> revisions = findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID);
            assertThat(revisions).extracting(FraudAlert::getAlertId).as("one finding, revised as it grows").containsOnly(revisions.get(0).getAlertId());
            assertThat(revisions).last().satisfies(c -> assertThat(c.getAccounts()).containsExactlyElementsOf(team));
        }
    }

    @Test
    void anIpUsedByMoreAccountsThanTheCapIsAHubThatLinksNoFurtherAccountAndIsReportedOnce() {
        try (TopologyFixture f = fixture()) {
            List<String> users = accounts("n", 14);
            logInFrom(f, "198.51.100.77", IpType.BUSINESS, T0, users);
            // The first 10 accounts (the default cap) are linked, the 11th and later are not.
            assertThat(Components.sizeOf(f, "n01")).isEqualTo(10);
            assertThat(users.subList(0, 10)).allSatisfy(n -> assertThat(Components.together(f, "n01", n)).as(n).isTrue());
            assertThat(users.subList(10, 14)).as("each in a component of its own").allSatisfy(n -> assertThat(Components.alone(f, n)).as(n).isTrue());

            List<FraudAlert> alerts = f.alerts();
            assertThat(findings(alerts, RiskTopology.CLUSTER_RULE_ID)).extracting(c -> c.getThresholds().get(0).getObserved())
                    .as("revised as a small component grows, not at 9 and 10").containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
            assertThat(findings(alerts, RiskTopology.HUB_RULE_ID)).singleElement().satisfies(h -> {
                assertThat(h.getEntity().getType()).isEqualTo("ip");
                assertThat(h.getEntity().getId()).isEqualTo("198.51.100.77");
                assertThat(h.getIndicator()).isEqualTo("A2");
                assertThat(h.getParameters()).containsEntry("accounts-counted", "11");
                assertThat(h.getAccounts()).hasSize(11).contains("n11");
            });
        }
    }

    @Test
    void aSharedIdentityDocumentLinks() {
        try (TopologyFixture f = fixture()) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            f.alerts();
            f.send(withDocument(change("c").kind(AccountChangeKind.IDENTITY_DOCUMENT_SUBMITTED).at(T0.plus(Duration.ofDays(1))), "doc-9"));
            f.send(withDocument(change("z").kind(AccountChangeKind.IDENTITY_DOCUMENT_SUBMITTED).at(T0.plus(Duration.ofDays(2))), "doc-9"));
            assertThat(findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID)).singleElement().satisfies(c -> {
                assertThat(c.getAccounts()).containsExactly("a", "b", "c", "z");
                assertThat(c.getEvidence()).anySatisfy(e -> assertThat(e.getFacts()).containsEntry("link", "document"));
            });
        }
    }

    @Test
    void aClusterWithoutEnoughRiskIsNotReported() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.clusters.min-risk", "1000"))) {
            shareWallet(f, "w1", T0, "a", "b", "c");
            assertThat(findings(f.alerts(), RiskTopology.CLUSTER_RULE_ID)).isEmpty();
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
