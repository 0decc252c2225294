package io.flagstream.detect.accountmanyips;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.detect.accountmanyips.AccountManyIpsDetector.ID;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

class AccountManyIpsDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other login detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threeIpsInTwoCountriesWithinAnHourRaiseOneAlert() {
        fixture.send(
                login("acct-1").fromIp("198.51.100.7", "US").asn(7922).id("l1").at(T0),
                login("acct-1").fromIp("203.0.113.9", "CN").ipType(IpType.HOSTING).asn(4134).id("l2").at(T0.plus(ofMinutes(20))),
                login("acct-1").fromIp("192.0.2.44", "US").asn(7018).id("l3").at(T0.plus(ofMinutes(50))));

        inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.MEDIUM).revision(0).satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a1-account-many-ips");
            assertThat(a.getIndicator()).isEqualTo("A1");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("l3", "l2", "l1");
            assertThat(a.getEvidence().get(1).getFacts())
                    .containsEntry("ip", "203.0.113.9").containsEntry("ipCountry", "CN")
                    .containsEntry("asn", "AS4134").containsEntry("ipType", "HOSTING");
            assertThat(a.getThresholds()).satisfiesExactly(
                    t -> {
                        assertThat(t.getName()).isEqualTo("distinct-ips-in-window");
                        assertThat(t.getLimit()).isEqualTo(3.0);
                        assertThat(t.getObserved()).isEqualTo(3.0);
                    },
                    t -> {
                        assertThat(t.getName()).isEqualTo("distinct-countries-in-window");
                        assertThat(t.getLimit()).isEqualTo(2.0);
                        assertThat(t.getObserved()).isEqualTo(2.0);
                    });
            assertThat(a.getParameters()).containsEntry("window", "1h").containsEntry("long-window", "1d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void threeIpsInOneCountryAreJustUnderTheThreshold() {
        fixture.send(
                login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                login("acct-1").fromIp("203.0.113.9", "US").at(T0.plus(ofMinutes(20))),
                login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(50))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoIpsInTwoCountriesAreJustUnderTheThreshold() {
        fixture.send(
                login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofMinutes(20))),
                login("acct-1").fromIp("198.51.100.7", "US").at(T0.plus(ofMinutes(40))),
                login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofMinutes(50))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void threeIpsSpreadOverMoreThanAnHourRaiseNothing() {
        fixture.send(
                login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofMinutes(40))),
                login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(90))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void fiveIpsInThreeCountriesWithinADayRaiseTheLongWindowAlert() {
        fixture.send(
                login("acct-1").fromIp("10.0.0.1", "US").at(T0),
                login("acct-1").fromIp("10.0.0.2", "CN").at(T0.plus(ofHours(5))),
                login("acct-1").fromIp("10.0.0.3", "RU").at(T0.plus(ofHours(10))),
                login("acct-1").fromIp("10.0.0.4", "US").at(T0.plus(ofHours(15))),
                login("acct-1").fromIp("10.0.0.5", "CN").at(T0.plus(ofHours(20))));

        inbox.expectAlert(ID).evidenceCount(5).satisfies(a -> {
            assertThat(a.getThresholds()).extracting(t -> t.getName())
                    .containsExactly("distinct-ips-in-long-window", "distinct-countries-in-long-window");
            assertThat(a.getThresholds()).extracting(t -> t.getObserved()).containsExactly(5.0, 3.0);
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void fiveIpsInTwoCountriesWithinADayAreJustUnderTheLongThreshold() {
        fixture.send(
                login("acct-1").fromIp("10.0.0.1", "US").at(T0),
                login("acct-1").fromIp("10.0.0.2", "CN").at(T0.plus(ofHours(5))),
                login("acct-1").fromIp("10.0.0.3", "US").at(T0.plus(ofHours(10))),
                login("acct-1").fromIp("10.0.0.4", "US").at(T0.plus(ofHours(15))),
                login("acct-1").fromIp("10.0.0.5", "CN").at(T0.plus(ofHours(20))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderLoginsWithinGraceAreCounted() {
        fixture.send(
                login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofHours(10)).plus(ofMinutes(50))),
                login("acct-1").fromIp("198.51.100.7", "US").at(T0.plus(ofHours(10))),
                // ~11 h behind the newest login: within the 1 d default grace
                login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofHours(10)).plus(ofMinutes(20))));

        inbox.expectAlert(ID).evidenceCount(3);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void allowListedIpsAreNotCounted() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.allow-list.ips", "203.0.113.9"))) {
            f.send(
                    login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                    login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofMinutes(20))),
                    login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(50))));

            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void activityCountsOnlyWhenConfigured() {
        fixture.send(
                login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                login("acct-1").fromIp("203.0.113.9", "CN").kind(LoginKind.ACTIVITY).at(T0.plus(ofMinutes(20))),
                login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(50))));
        inbox.expectNoMoreAlerts(ID);

        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a1-account-many-ips.login-kinds", "LOGIN_SUCCESS,ACTIVITY"))) {
            f.send(
                    login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                    login("acct-1").fromIp("203.0.113.9", "CN").kind(LoginKind.ACTIVITY).at(T0.plus(ofMinutes(20))),
                    login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(50))));
            f.inbox().expectAlert(ID);
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void repeatedDetectionsStayInOneAlertThatIsUpdatedWhenTheEvidenceDoubles() {
        String[][] ips = {{"198.51.100.7", "US"}, {"203.0.113.9", "CN"}, {"192.0.2.44", "US"}};
        for (int i = 0; i < 6; i++) {
            fixture.send(login("acct-1").fromIp(ips[i % 3][0], ips[i % 3][1]).at(T0.plus(ofMinutes(5L * i))));
        }

        // logins 4 and 5 repeat the detection (no alert); the 6th doubles the evidence (one update)
        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(3).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(6);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aSwitchedOffDetectorRaisesNothing() {
        try (TopologyFixture off = TopologyFixture.create(Map.of("flagstream.detector.a1-account-many-ips.enabled", "false"))) {
            off.send(
                    login("acct-1").fromIp("198.51.100.7", "US").at(T0),
                    login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofMinutes(20))),
                    login("acct-1").fromIp("192.0.2.44", "US").at(T0.plus(ofMinutes(50))));

            off.inbox().expectNoMoreAlerts(ID);
        }
    }
}
