package io.flagstream.detect.sharedloginip;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.detect.sharedloginip.SharedLoginIpDetector.ID;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class SharedLoginIpDetectorTest {
    private static final String IP = "203.0.113.7";
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other login detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threeAccountsLoggingInFromOneIpWithinADayRaiseOneAlert() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").ipType(IpType.HOSTING).asn(14061).id("l1").at(T0),
                login("acct-2").fromIp(IP, "NL").ipType(IpType.HOSTING).asn(14061).id("l2").at(T0.plus(ofHours(6))),
                login("acct-3").fromIp(IP, "NL").ipType(IpType.HOSTING).asn(14061).id("l3").at(T0.plus(ofHours(23))));

        inbox.expectAlert(ID).entity("ip", IP).accounts("acct-1", "acct-2", "acct-3").severity(Severity.MEDIUM).satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a2-shared-login-ip");
            assertThat(a.getIndicator()).isEqualTo("A2");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("l3", "l2", "l1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("ip", IP).containsEntry("ipType", "HOSTING")
                    .containsEntry("asn", "AS14061").containsEntry("ipCountry", "NL");
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("distinct-accounts");
                assertThat(t.getLimit()).isEqualTo(3.0);
                assertThat(t.getObserved()).isEqualTo(3.0);
            });
            assertThat(a.getParameters()).containsEntry("window", "1d").containsEntry("ignored-ip-types", "MOBILE,VPN");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void accountsThatLoggedInFromTheIpAWeekBeforeAreItsRegularsAndNotCounted() {
        // a household: two accounts at home, eight days apart, then a guest
        fixture.send(
                login("home-1").fromIp(IP, "US").at(T0.minus(ofDays(8))),
                login("home-2").fromIp(IP, "US").at(T0.minus(ofDays(8)).plus(ofHours(1))),
                login("home-1").fromIp(IP, "US").at(T0),
                login("home-2").fromIp(IP, "US").at(T0.plus(ofHours(1))),
                login("guest").fromIp(IP, "US").at(T0.plus(ofHours(2))));

        inbox.expectNoMoreAlerts(ID);

        // three accounts new to the IP on the same day still are A2
        fixture.send(
                login("new-1").fromIp(IP, "US").at(T0.plus(ofHours(3))),
                login("home-1").fromIp(IP, "US").at(T0.plus(ofHours(4))),
                login("new-2").fromIp(IP, "US").at(T0.plus(ofHours(5))));

        inbox.expectAlert(ID).entity("ip", IP).accounts("guest", "new-1", "new-2").satisfies(a -> {
            assertThat(a.getDescription()).isEqualTo("3 accounts new to IP " + IP + " (RESIDENTIAL, US, no ASN) logged in from it"
                    + " within 1d (threshold 3); none of them had logged in from it 7d or more before (its regulars are not counted).");
            assertThat(a.getParameters()).containsEntry("established-after", "7d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoAccountsAreJustUnderTheThreshold() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").at(T0),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(1))),
                login("acct-1").fromIp(IP, "NL").at(T0.plus(ofHours(2))),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(3))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void threeAccountsSpreadOverMoreThanADayRaiseNothing() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").at(T0),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(13))),
                login("acct-3").fromIp(IP, "NL").at(T0.plus(ofHours(26))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void failedLoginsAreNotCounted() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").at(T0),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(1))),
                login("acct-3").fromIp(IP, "NL").kind(LoginKind.LOGIN_FAILURE).at(T0.plus(ofHours(2))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void mobileCarrierIpsAreIgnoredUnlessConfiguredOtherwise() {
        threeAccountsWithinTwoHours(fixture, IpType.MOBILE);
        inbox.expectNoMoreAlerts(ID);

        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a2-shared-login-ip.ignored-ip-types", "TOR"))) {
            threeAccountsWithinTwoHours(f, IpType.MOBILE);
            f.inbox().expectAlert(ID);
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void consumerVpnExitsAreIgnoredByDefaultAndCountedWhenConfigured() {
        // Unrelated subscribers of one commercial VPN share its exit, as mobile subscribers share a carrier's NAT.
        threeAccountsWithinTwoHours(fixture, IpType.VPN);
        inbox.expectNoMoreAlerts(ID);

        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a2-shared-login-ip.ignored-ip-types", "MOBILE"))) {
            threeAccountsWithinTwoHours(f, IpType.VPN);
            f.inbox().expectAlert(ID).satisfies(a -> assertThat(a.getParameters()).containsEntry("ignored-ip-types", "MOBILE"));
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    private static void threeAccountsWithinTwoHours(TopologyFixture f, IpType type) {
        f.send(
                login("acct-1").fromIp(IP, "US").ipType(type).at(T0),
                login("acct-2").fromIp(IP, "US").ipType(type).at(T0.plus(ofHours(1))),
                login("acct-3").fromIp(IP, "US").ipType(type).at(T0.plus(ofHours(2))));
    }

    @Test
    void allowListedIpsAreNotCounted() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.allow-list.ips", IP))) {
            f.send(
                    login("acct-1").fromIp(IP, "NL").at(T0),
                    login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(1))),
                    login("acct-3").fromIp(IP, "NL").at(T0.plus(ofHours(2))));

            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void outOfOrderLoginsWithinGraceAreCounted() {
        fixture.send(
                login("acct-3").fromIp(IP, "NL").at(T0.plus(ofHours(20))),
                login("acct-1").fromIp(IP, "NL").at(T0.plus(ofHours(2))),
                // 20 h behind the newest login: within the 1 d default grace
                login("acct-2").fromIp(IP, "NL").at(T0));

        inbox.expectAlert(ID).accounts("acct-1", "acct-2", "acct-3");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void loginsLaterThanTheGracePeriodAreDropped() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").at(T0.plus(ofHours(25))),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(25))),
                login("acct-3").fromIp(IP, "NL").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void repeatedLoginsRaiseNoSecondAlertAndANewAccountUpdatesTheSameAlert() {
        fixture.send(
                login("acct-1").fromIp(IP, "NL").at(T0),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(1))),
                login("acct-3").fromIp(IP, "NL").at(T0.plus(ofHours(2))),
                // repeat logins of known accounts: nothing new for a reviewer
                login("acct-1").fromIp(IP, "NL").at(T0.plus(ofHours(3))),
                login("acct-2").fromIp(IP, "NL").at(T0.plus(ofHours(4))),
                // a fourth account joins: one update
                login("acct-4").fromIp(IP, "NL").at(T0.plus(ofHours(5))));

        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).accounts("acct-1", "acct-2", "acct-3", "acct-4");
        inbox.expectNoMoreAlerts(ID);
    }
}
