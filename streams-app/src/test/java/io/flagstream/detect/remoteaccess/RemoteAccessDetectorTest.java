package io.flagstream.detect.remoteaccess;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class RemoteAccessDetectorTest {
    private final TopologyFixture fixture = TopologyFixture.create();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** This detector's alerts only: the other login and payout detectors see the same events. */
    private static List<FraudAlert> alertsOf(TopologyFixture f) {
        return f.alerts().stream().filter(a -> RemoteAccessDetector.ID.equals(a.getRuleId())).toList();
    }

    @Test
    void twoHostingLoginsWithinAWeekRaiseOneAlert() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).asn(60729).id("l1").at(T0),
                login("acct-1").fromIp("185.220.101.9", "DE").ipType(IpType.HOSTING).asn(60729).id("l2").at(T0.plus(ofDays(6))));

        assertThat(alertsOf(fixture)).singleElement().satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a4-remote-access-path");
            assertThat(a.getIndicator()).isEqualTo("A4");
            assertThat(a.getEntity().getType()).isEqualTo("account");
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("l2", "l1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("accessPath", "ip-type:HOSTING")
                    .containsEntry("remoteDesktop", "false").containsEntry("asn", "AS60729");
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("suspicious-access-logins");
                assertThat(t.getLimit()).isEqualTo(2.0);
                assertThat(t.getObserved()).isEqualTo(2.0);
            });
            assertThat(a.getParameters()).containsEntry("window", "7d").containsEntry("payout-lookback", "30d")
                    .containsEntry("suspicious-ip-types", "HOSTING,PROXY,TOR");
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        });
    }

    @Test
    void oneHostingLoginIsJustUnderTheThreshold() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0),
                login("acct-1").at(T0.plus(ofDays(1))),
                login("acct-1").at(T0.plus(ofDays(2))));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void consumerVpnLoginsAreNormalPracticeByDefaultAndCountWhenConfigured() {
        // A privacy-minded freelancer behind a commercial VPN twice a week: not a remote-access set-up.
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0),
                login("acct-1").fromIp("185.220.101.9", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(1))),
                login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(2))));
        assertThat(alertsOf(fixture)).isEmpty();

        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a4-remote-access-path.suspicious-ip-types", "HOSTING,VPN,PROXY,TOR"))) {
            f.send(
                    login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0),
                    login("acct-1").fromIp("185.220.101.9", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(1))));
            assertThat(alertsOf(f)).singleElement().satisfies(a -> assertThat(a.getEvidence().get(0).getFacts())
                    .containsEntry("accessPath", "ip-type:VPN"));
        }
    }

    @Test
    void twoHostingLoginsMoreThanAWeekApartRaiseNothing() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0),
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofDays(8))));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void oneRemoteDesktopLoginAfterAPayoutRaisesAHighAlert() {
        fixture.send(payout("acct-1").to("bank-1").id("p1").at(T0));
        fixture.send(login("acct-1").openPorts(443, 3389).id("rdp").at(T0.plus(ofDays(20))));

        assertThat(alertsOf(fixture)).singleElement().satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("rdp", "p1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("accessPath", "remote-desktop-port:3389")
                    .containsEntry("openPorts", "443,3389").containsEntry("remoteDesktop", "true");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("instrument", "bank-1");
            assertThat(a.getThresholds()).extracting(t -> t.getName())
                    .containsExactly("remote-desktop-logins-near-payout", "payouts-within-lookback");
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void aPayoutAfterARemoteDesktopToolLoginRaisesTheAlertToo() {
        fixture.send(login("acct-1").remoteDesktopTool("AnyDesk").id("rdp").at(T0));
        assertThat(alertsOf(fixture)).isEmpty();

        fixture.send(payout("acct-1").id("p1").at(T0.plus(ofDays(3))));

        assertThat(alertsOf(fixture)).singleElement().satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "rdp");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("accessPath", "remote-desktop-tool:AnyDesk")
                    .containsEntry("remoteDesktopTool", "AnyDesk");
        });
    }

    @Test
    void aSingleHostingLoginNearAPayoutIsNotEnough() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofDays(1))));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void aRemoteDesktopLoginLongerThanTheLookbackAfterAPayoutIsNotEnough() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").openPorts(3389).at(T0.plus(ofDays(31))));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void remoteDesktopSeenOnlyOnHeartbeatsIsNotALogin() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").kind(LoginKind.HEARTBEAT).openPorts(3389).at(T0.plus(ofDays(1))));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void anAllowListedEgressIsNormalPracticeButRemoteDesktopOnItStillCounts() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.allow-list.ips", "192.0.2.10"))) {
            f.send(
                    login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).at(T0),
                    login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).at(T0.plus(ofDays(1))));
            assertThat(alertsOf(f)).isEmpty();

            f.send(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).remoteDesktopTool("TeamViewer").at(T0.plus(ofDays(2))));
            f.send(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).remoteDesktopTool("TeamViewer").at(T0.plus(ofDays(3))));
            assertThat(alertsOf(f)).singleElement().satisfies(a -> {
                assertThat(a.getEvidenceCount()).isEqualTo(2);
                assertThat(a.getEvidence().get(0).getFacts()).containsEntry("accessPath", "remote-desktop-tool:TeamViewer");
                assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
            });
        }
    }

    @Test
    void outOfOrderEventsWithinGraceAreCounted() {
        fixture.send(login("acct-1").openPorts(5900).id("rdp").at(T0.plus(ofHours(20))));
        // 20 h behind the newest event: within the 1 d default grace
        fixture.send(payout("acct-1").id("p1").at(T0));

        assertThat(alertsOf(fixture)).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("rdp", "p1"));
    }

    @Test
    void anInputPartitionReadForTheFirstTimeIsNotLateHoweverFarBehindTheOthers() {
        // a backlog: logins are read up to T0 + 25 h before the first payout (at T0) is read
        fixture.send(login("acct-1").openPorts(5900).at(T0.plus(ofHours(25))));
        fixture.send(payout("acct-1").at(T0));

        assertThat(alertsOf(fixture)).singleElement();
    }

    @Test
    void eventsLaterThanTheGracePeriodAreDropped() {
        // both input partitions have reached T0 + 25 h: a payout at T0 is more than the 1 d grace behind
        fixture.send(payout("acct-2").at(T0.plus(ofHours(25))));
        fixture.send(login("acct-1").openPorts(5900).at(T0.plus(ofHours(25))));
        fixture.send(payout("acct-1").at(T0));

        assertThat(alertsOf(fixture)).isEmpty();
    }

    @Test
    void repeatedSightingsRaiseNoSecondAlertAndUpdateTheSameAlertWhenTheEvidenceDoubles() {
        for (int i = 0; i < 4; i++) {
            fixture.send(login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofHours(i))));
        }

        List<FraudAlert> alerts = alertsOf(fixture);
        // the third sighting repeats the detection (no alert); the fourth doubles the evidence (one update)
        assertThat(alerts).extracting(FraudAlert::getRevision).containsExactly(0, 1);
        assertThat(alerts).extracting(FraudAlert::getEvidenceCount).containsExactly(2, 4);
        assertThat(alerts).extracting(FraudAlert::getAlertId).containsOnly(alerts.get(0).getAlertId());
    }

    @Test
    void thePortsAndIpTypesComeFromConfiguration() {
        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a4-remote-access-path.remote-desktop-ports", "22",
                "flagstream.detector.a4-remote-access-path.suspicious-ip-types", "TOR"))) {
            f.send(payout("acct-1").at(T0));
            f.send(login("acct-1").openPorts(3389).ipType(IpType.VPN).at(T0.plus(ofHours(1))));
            f.send(login("acct-1").openPorts(3389).ipType(IpType.VPN).at(T0.plus(ofHours(2))));
            assertThat(alertsOf(f)).isEmpty();

            f.send(login("acct-1").openPorts(22).at(T0.plus(ofHours(3))));
            assertThat(alertsOf(f)).singleElement()
                    .satisfies(a -> assertThat(a.getParameters()).containsEntry("remote-desktop-ports", "22"));
        }
    }
}
