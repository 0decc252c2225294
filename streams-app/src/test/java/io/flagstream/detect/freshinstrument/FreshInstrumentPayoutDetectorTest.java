package io.flagstream.detect.freshinstrument;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.AccountRole;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.detect.freshinstrument.FreshInstrumentPayoutDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

class FreshInstrumentPayoutDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the whole production topology runs. */
    private final AlertInbox inbox = fixture.inbox();

    /** An account a month old with a bank account it has had for weeks. */
    private void establishedAccount(String account) {
        fixture.send(change(account).created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(30))));
        fixture.send(change(account).added("bank-old").at(T0.minus(ofDays(20))));
    }

    @Test
    void aPayoutToAnInstrumentAddedHoursBeforeRaisesAnAlert() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        fixture.send(payout("acct-1").to("wallet-new").id("p1").at(T0.plus(ofHours(2)).plus(ofMinutes(5))));

        inbox.expectAlert(ID).entity("acct-1").severity(Severity.MEDIUM)
                .descriptionContains("added less than 1d before (youngest 2h 5m)").satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A19");
            assertThat(a.getEvidence()).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("p1");
                assertThat(e.getFacts()).containsEntry("condition", "fresh-instrument")
                        .containsEntry("instrument", "wallet-new")
                        .containsEntry("instrumentAge", "2h 5m")
                        .containsEntry("instrumentAddedAt", T0.toString())
                        .containsEntry("accountAge", "30d 2h");
            });
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("instrument-age-ms");
                assertThat(t.getLimit()).isEqualTo(ofHours(24).toMillis());
                assertThat(t.getObserved()).isEqualTo(ofMinutes(125).toMillis());
            });
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutFromAWeekOldAccountRaisesAnAlertSayingWhy() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("bank-1").at(T0.plus(ofHours(1))));
        fixture.send(payout("acct-1").to("bank-1").at(T0.plus(ofDays(3))));

        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("condition", "new-account").containsEntry("accountAge", "3d 0h");
            assertThat(a.getThresholds()).extracting(t -> t.getName()).containsExactly("account-age-ms");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void bothConditionsAtOnceRaiseAHighAlert() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("wallet-1").at(T0.plus(ofMinutes(10))));
        fixture.send(payout("acct-1").to("wallet-1").at(T0.plus(ofMinutes(40))));

        inbox.expectAlert(ID).severity(Severity.HIGH)
                .satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("condition", "fresh-instrument,new-account"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void justOlderThanBothLimitsRaisesNothing() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(7))));
        fixture.send(change("acct-1").added("bank-1").at(T0.minus(ofHours(24))));
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-2").to("unknown-wallet").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aLatePayoutWithinGraceIsJudgedAgainstTheProfileAtItsTime() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        fixture.send(payout("acct-1").to("bank-old").at(T0.plus(ofHours(20))));
        fixture.send(payout("acct-1").to("wallet-new").id("late").at(T0.plus(ofHours(2))));

        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("late"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutLaterThanTheGraceIsDropped() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        fixture.send(payout("acct-1").to("bank-old").at(T0.plus(ofHours(30))));
        fixture.send(payout("acct-1").to("wallet-new").at(T0.plus(ofHours(2))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void moreFreshPayoutsUpdateTheSameAlertAsTheEvidenceDoubles() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        for (int i = 1; i <= 5; i++) {
            fixture.send(payout("acct-1").to("wallet-new").at(T0.plus(ofHours(i))));
        }

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(1).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(2);
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(2).evidenceCount(4);
        inbox.expectNoMoreAlerts(ID);
    }
}
