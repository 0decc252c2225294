package io.flagstream.detect.locationmismatch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.AccountRole;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.detect.locationmismatch.LocationMismatchDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class LocationMismatchDetectorTest {
    /** The rule's thresholds as these tests state them (the default min-logins is 10). */
    private static final String MIN_LOGINS = "flagstream.detector.a11-location-mismatch.min-logins";
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(java.util.Map.of(MIN_LOGINS, "5"));
    /** Alerts are taken by rule: the whole production topology runs. */
    private final AlertInbox inbox = fixture.inbox();

    private void declaresUs(String account) {
        fixture.send(change(account).created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(30))));
    }

    private void loginsFrom(String account, String country, int n, int firstHour) {
        for (int i = 0; i < n; i++) {
            fixture.send(login(account).fromIp("203.0.113." + i, country).at(T0.plus(ofHours(firstHour + i))));
        }
    }

    @Test
    void fiveLoginsFromAnotherCountryRaiseAnAlert() {
        declaresUs("acct-1");
        loginsFrom("acct-1", "CN", 5, 0);

        inbox.expectAlert(ID).entity("acct-1").severity(Severity.MEDIUM).evidenceCount(5).satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A11");
            assertThat(a.getTitle()).isEqualTo("Declared country contradicted by login");
            assertThat(a.getDescription()).isEqualTo("Account acct-1 declares US, but within 14d logins: 5 of 5 from other countries (CN 5).");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("ipCountry", "CN").containsEntry("declaredCountry", "US")
                    .containsEntry("check", "login").containsEntry("indicator", "A11");
            assertThat(a.getThresholds()).extracting(t -> t.getName(), t -> t.getLimit(), t -> t.getObserved())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("logins", 5.0, 5.0),
                            org.assertj.core.groups.Tuple.tuple("foreign-login-share", 0.5, 1.0));
            assertThat(a.getParameters()).containsEntry("mismatched", "login").containsEntry("indicators", "A11")
                    .containsEntry("min-logins", "5").containsEntry("window", "14d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void fourForeignLoginsOrHalfOfThemRaiseNothing() {
        declaresUs("acct-1");
        declaresUs("acct-2");
        loginsFrom("acct-1", "CN", 4, 0);
        loginsFrom("acct-2", "US", 3, 0);
        loginsFrom("acct-2", "CN", 3, 3);
        loginsFrom("acct-3", "CN", 6, 0);

        // acct-3 has no declared country
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void loginsFromAllowListedIpsAreNotCounted() {
        try (TopologyFixture vpn = TopologyFixture.create(java.util.Map.of("flagstream.allow-list.ips", "192.0.2.10", MIN_LOGINS, "5"))) {
            vpn.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(30))));
            for (int i = 0; i < 6; i++) {
                vpn.send(login("acct-1").fromIp("192.0.2.10", "NL").at(T0.plus(ofHours(i))));
            }

            vpn.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void mostPayoutsGoingToAnotherCountryRaiseAnAlert() {
        declaresUs("acct-1");
        declaresUs("acct-2");
        fixture.send(payout("acct-1").toCountry("US").at(T0));
        fixture.send(payout("acct-1").toCountry("CN").at(T0.plus(ofHours(1))));
        fixture.send(payout("acct-2").toCountry("US").at(T0));
        fixture.send(payout("acct-2").toCountry("CN").at(T0.plus(ofHours(1))));

        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").toCountry("CN").at(T0.plus(ofHours(2))));

        inbox.expectAlert(ID).entity("acct-1").descriptionContains("payouts: 2 of 3 to instruments in other countries (CN 2)")
                .satisfies(a -> assertThat(a.getEvidence()).hasSize(2)
                        .allSatisfy(e -> assertThat(e.getFacts()).containsEntry("instrumentCountry", "CN")));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsIntoAnInstrumentAddedLongAgoAreNotCountedAgainstTheDeclaredCountry() {
        for (String account : new String[] {"member", "newcomer", "mixed"}) {
            fixture.send(change(account).created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(60))));
        }
        // a payroll collection account abroad the member and "mixed" were paid into for 45 days
        fixture.send(change("member").added("payroll-hub").at(T0.minus(ofDays(45))));
        fixture.send(change("mixed").added("payroll-hub").at(T0.minus(ofDays(45))));
        fixture.send(change("newcomer").added("payroll-hub").at(T0.minus(ofDays(20))));
        for (int week = 0; week < 2; week++) {
            for (String account : new String[] {"member", "newcomer", "mixed"}) {
                fixture.send(payout(account).to("payroll-hub").country("GB").at(T0.plus(ofDays(7L * week))));
            }
        }

        // the newcomer's link is 20 and 27 days old at its payouts: both count against its declared country
        inbox.expectAlert(ID).entity("newcomer").descriptionContains("payouts: 2 of 2 to instruments in other countries (GB 2)")
                .satisfies(a -> assertThat(a.getParameters()).containsEntry("established-after", "30d"));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("mixed").to("cn-wallet").country("CN").at(T0.plus(ofDays(8))));
        inbox.expectNoMoreAlerts(ID);
        fixture.send(payout("mixed").to("cn-wallet").country("CN").at(T0.plus(ofDays(9))));
        fixture.send(payout("mixed").to("cn-wallet").country("CN").at(T0.plus(ofDays(10))));

        inbox.expectAlert(ID).entity("mixed").descriptionContains("payouts: 3 of 5 to instruments in other countries (CN 3), besides 2"
                + " into instruments abroad added 30d or more before (established, not counted against US)")
                .satisfies(a -> assertThat(a.getEvidence()).allSatisfy(e -> assertThat(e.getFacts()).containsEntry("instrumentCountry", "CN")));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void shippingToAnotherCountryRaisesAnA15Alert() {
        declaresUs("acct-1");
        declaresUs("acct-2");
        fixture.send(change("acct-2").shippingTo("US").at(T0));
        fixture.send(change("acct-1").shippingTo("KP").id("ship").at(T0));

        inbox.expectAlert(ID).entity("acct-1").descriptionContains("shipping address (A15): 1 change(s) to KP").satisfies(a -> {
            assertThat(a.getParameters()).containsEntry("indicators", "A15").containsEntry("mismatched", "shipping");
            assertThat(a.getEvidence()).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("ship");
                assertThat(e.getFacts()).containsEntry("indicator", "A15").containsEntry("shippingCountry", "KP")
                        .containsEntry("declaredCountry", "US");
            });
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aSinglePayoutAbroadIsBelowTheMinimum() {
        declaresUs("acct-1");
        fixture.send(payout("acct-1").toCountry("GB").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void allThreeMismatchesTogetherAreListedInOneHighAlert() {
        declaresUs("acct-1");
        fixture.send(change("acct-1").shippingTo("CN").at(T0));
        fixture.send(payout("acct-1").toCountry("CN").at(T0.plus(ofHours(1))));
        fixture.send(payout("acct-1").toCountry("CN").at(T0.plus(ofHours(1))));
        loginsFrom("acct-1", "CN", 5, 2);

        // one revision as each mismatch is found: shipping, then payouts, then logins
        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1);
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(2).severity(Severity.HIGH)
                .descriptionContains("logins: 5 of 5", "payouts: 2 of 2", "shipping address (A15)").satisfies(a -> {
            assertThat(a.getParameters()).containsEntry("mismatched", "login,payout,shipping").containsEntry("indicators", "A11,A15");
            assertThat(a.getEvidenceCount()).as("first payout of the hour sampled").isEqualTo(7);
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderLoginsWithinGraceAreCounted() {
        declaresUs("acct-1");
        for (int hour : new int[] {5, 1, 3, 2, 4}) {
            fixture.send(login("acct-1").fromIp("203.0.113.9", "CN").at(T0.plus(ofHours(hour))));
        }

        inbox.expectAlert(ID).evidenceCount(5).satisfies(a -> assertThat(a.getFirstSeen()).isEqualTo(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void moreForeignLoginsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        declaresUs("acct-1");
        loginsFrom("acct-1", "CN", 11, 0);

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(5).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(10);
        inbox.expectNoMoreAlerts(ID);
    }
}
