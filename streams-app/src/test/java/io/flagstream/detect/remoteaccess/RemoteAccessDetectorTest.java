package io.flagstream.detect.remoteaccess;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.detect.remoteaccess.RemoteAccessDetector.ID;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class RemoteAccessDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other login and payout detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void twoHostingLoginsWithinAWeekRaiseOneAlert() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).asn(60729).id("l1").at(T0),
                login("acct-1").fromIp("185.220.101.9", "DE").ipType(IpType.HOSTING).asn(60729).id("l2").at(T0.plus(ofDays(6))));

        inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.MEDIUM).satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a4-remote-access-path");
            assertThat(a.getIndicator()).isEqualTo("A4");
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
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void oneHostingLoginIsJustUnderTheThreshold() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0),
                login("acct-1").at(T0.plus(ofDays(1))),
                login("acct-1").at(T0.plus(ofDays(2))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void consumerVpnLoginsAreNormalPracticeByDefaultAndCountWhenConfigured() {
        // A privacy-minded freelancer behind a commercial VPN twice a week: not a remote-access set-up.
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0),
                login("acct-1").fromIp("185.220.101.9", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(1))),
                login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(2))));
        inbox.expectNoMoreAlerts(ID);

        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a4-remote-access-path.suspicious-ip-types", "HOSTING,VPN,PROXY,TOR"))) {
            f.send(
                    login("acct-1").fromIp("185.220.101.4", "NL").ipType(IpType.VPN).at(T0),
                    login("acct-1").fromIp("185.220.101.9", "NL").ipType(IpType.VPN).at(T0.plus(ofDays(1))));
            f.inbox().expectAlert(ID).satisfies(a -> assertThat(a.getEvidence().get(0).getFacts())
                    .containsEntry("accessPath", "ip-type:VPN"));
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void twoHostingLoginsMoreThanAWeekApartRaiseNothing() {
        fixture.send(
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0),
                login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofDays(8))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void oneRemoteDesktopLoginAfterAPayoutRaisesAHighAlert() {
        fixture.send(payout("acct-1").to("bank-1").id("p1").at(T0));
        fixture.send(login("acct-1").openPorts(443, 3389).id("rdp").at(T0.plus(ofDays(20))));

        inbox.expectAlert(ID).severity(Severity.HIGH).satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("rdp", "p1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("accessPath", "remote-desktop-port:3389")
                    .containsEntry("openPorts", "443,3389").containsEntry("remoteDesktop", "true");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("instrument", "bank-1");
            assertThat(a.getThresholds()).extracting(t -> t.getName())
                    .containsExactly("remote-desktop-logins-near-payout", "payouts-within-lookback");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutAfterARemoteDesktopToolLoginRaisesTheAlertToo() {
        fixture.send(login("acct-1").remoteDesktopTool("AnyDesk").id("rdp").at(T0));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").id("p1").at(T0.plus(ofDays(3))));

        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "rdp");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("accessPath", "remote-desktop-tool:AnyDesk")
                    .containsEntry("remoteDesktopTool", "AnyDesk");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aSingleHostingLoginNearAPayoutIsNotEnough() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofDays(1))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aRemoteDesktopLoginLongerThanTheLookbackAfterAPayoutIsNotEnough() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").openPorts(3389).at(T0.plus(ofDays(31))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void remoteDesktopSeenOnlyOnHeartbeatsIsNotALogin() {
        fixture.send(payout("acct-1").at(T0));
        fixture.send(login("acct-1").kind(LoginKind.HEARTBEAT).openPorts(3389).at(T0.plus(ofDays(1))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anAllowListedEgressIsNormalPracticeButRemoteDesktopOnItStillCounts() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.allow-list.ips", "192.0.2.10"))) {
            f.send(
                    login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).at(T0),
                    login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).at(T0.plus(ofDays(1))));
            f.inbox().expectNoMoreAlerts(ID);

            f.send(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).remoteDesktopTool("TeamViewer").at(T0.plus(ofDays(2))));
            f.send(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.HOSTING).remoteDesktopTool("TeamViewer").at(T0.plus(ofDays(3))));
            f.inbox().expectAlert(ID).evidenceCount(2).severity(Severity.HIGH)
                    .satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("accessPath", "remote-desktop-tool:TeamViewer"));
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void outOfOrderEventsWithinGraceAreCounted() {
        fixture.send(login("acct-1").openPorts(5900).id("rdp").at(T0.plus(ofHours(20))));
        // 20 h behind the newest event: within the 1 d default grace
        fixture.send(payout("acct-1").id("p1").at(T0));

        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("rdp", "p1"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anInputPartitionReadForTheFirstTimeIsNotLateHoweverFarBehindTheOthers() {
        // a backlog: logins are read up to T0 + 25 h before the first payout (at T0) is read
        fixture.send(login("acct-1").openPorts(5900).at(T0.plus(ofHours(25))));
        fixture.send(payout("acct-1").at(T0));

        inbox.expectAlert(ID);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void eventsLaterThanTheGracePeriodAreDropped() {
        // both input partitions have reached T0 + 25 h: a payout at T0 is more than the 1 d grace behind
        fixture.send(payout("acct-2").at(T0.plus(ofHours(25))));
        fixture.send(login("acct-1").openPorts(5900).at(T0.plus(ofHours(25))));
        fixture.send(payout("acct-1").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void repeatedSightingsRaiseNoSecondAlertAndUpdateTheSameAlertWhenTheEvidenceDoubles() {
        for (int i = 0; i < 4; i++) {
            fixture.send(login("acct-1").fromIp("185.220.101.4", "DE").ipType(IpType.HOSTING).at(T0.plus(ofHours(i))));
        }

        // the third sighting repeats the detection (no alert); the fourth doubles the evidence (one update)
        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(2).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(4);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void thePortsAndIpTypesComeFromConfiguration() {
        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a4-remote-access-path.remote-desktop-ports", "22",
                "flagstream.detector.a4-remote-access-path.suspicious-ip-types", "TOR"))) {
            f.send(payout("acct-1").at(T0));
            f.send(login("acct-1").openPorts(3389).ipType(IpType.VPN).at(T0.plus(ofHours(1))));
            f.send(login("acct-1").openPorts(3389).ipType(IpType.VPN).at(T0.plus(ofHours(2))));
            f.inbox().expectNoMoreAlerts(ID);

            f.send(login("acct-1").openPorts(22).at(T0.plus(ofHours(3))));
            f.inbox().expectAlert(ID).satisfies(a -> assertThat(a.getParameters()).containsEntry("remote-desktop-ports", "22"));
            f.inbox().expectNoMoreAlerts(ID);
        }
    }
}
