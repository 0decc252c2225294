package io.flagstream.detect.paymentchurn;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class PaymentMethodChurnDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(Map.of(
            "flagstream.detector.a16-shared-payout-instrument.enabled", "false",
            "flagstream.detector.a9-payout-name-mismatch.enabled", "false",
            "flagstream.detector.a19-fresh-instrument-payout.enabled", "false"));
    /**
     * With A16 off (and A9, A19, which the payees in other names below would raise), no other rule alerts on these
     * events: each test expects no more alerts of any rule.
     */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threeChangesOfWhereTheMoneyGoesWithinAMonthRaiseAnAlert() {
        fixture.send(change("acct-1").added("bank-1").id("setup").at(T0));
        fixture.send(change("acct-1").added("wallet-2").id("c1").at(T0.plus(ofDays(3))));
        fixture.send(payout("acct-1").to("wallet-3").id("c2").at(T0.plus(ofDays(10))));
        fixture.send(change("acct-1").removed("bank-1").id("c3").at(T0.plus(ofDays(20))));

        inbox.expectAlert(ID).entity("account", "acct-1").satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a17-payment-method-churn");
            assertThat(a.getIndicator()).isEqualTo("A17");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c3", "c2", "c1");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("kind", "PAYOUT_TO_NEW_INSTRUMENT");
            assertThat(a.getThresholds().get(0).getObserved()).isEqualTo(3.0);
        });
        inbox.expectNoMoreAlerts();
    }

    @Test
    void changingTheBankOnceIsTwoChangesAndRaisesNothing() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(payout("acct-1").to("bank-1").at(T0.plus(ofDays(1))));
        fixture.send(change("acct-1").added("bank-2").at(T0.plus(ofDays(5))));
        fixture.send(change("acct-1").removed("bank-1").at(T0.plus(ofDays(5)).plusSeconds(60)));
        fixture.send(payout("acct-1").to("bank-2").at(T0.plus(ofDays(6))));
        fixture.send(payout("acct-1").to("bank-2").at(T0.plus(ofDays(7))));

        inbox.expectNoMoreAlerts();
    }

    @Test
    void payoutsToTheSameInstrumentAreNoChange() {
        for (int day = 0; day < 20; day++) {
            fixture.send(payout("acct-1").to("bank-1").at(T0.plus(ofDays(day))));
        }

        inbox.expectNoMoreAlerts();
    }

    @Test
    void changesSpreadOverMoreThanTheWindowRaiseNothing() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(change("acct-1").added("wallet-2").at(T0.plus(ofDays(1))));
        fixture.send(change("acct-1").added("wallet-3").at(T0.plus(ofDays(16))));
        fixture.send(change("acct-1").added("wallet-4").at(T0.plus(ofDays(32))));

        inbox.expectNoMoreAlerts();
    }

    @Test
    void outOfOrderChangesWithinGraceAreCounted() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(change("acct-1").added("wallet-4").at(T0.plus(ofHours(5))));
        fixture.send(change("acct-1").added("wallet-2").at(T0.plus(ofHours(1))));
        fixture.send(change("acct-1").added("wallet-3").at(T0.plus(ofHours(3))));

        inbox.expectAlert(ID).evidenceCount(3);
        inbox.expectNoMoreAlerts();
    }

    @Test
    void furtherChangesUpdateTheAlertOnlyWhenTheEvidenceDoubles() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        for (int i = 1; i <= 7; i++) {
            fixture.send(change("acct-1").added("wallet-" + i).at(T0.plus(ofHours(i))));
        }

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(3).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(6);
        inbox.expectNoMoreAlerts();
    }

    /**
     * An agency (legal name "Acme Staffing") pays three contractors, each added on its own more than a window apart,
     * then takes on two more and pays a sixth for the first time within three days: three changes of instruments
     * in other people's names. Each new one finds at least 3 other payees already linked, so each is a change of
     * whom it pays, not of where its own money goes. Counted as before, the three would raise an alert.
     */
    @Test
    void anAccountThatPaysSeveralPeopleTakingOnNewPayeesRaisesNothing() {
        fixture.send(change("agency").added("contractor-1").holder("Ana Ruiz").legalName("Acme Staffing").at(T0));
        fixture.send(change("agency").added("contractor-2").holder("Ben Ong").legalName("Acme Staffing").at(T0.plus(ofDays(35))));
        fixture.send(change("agency").added("contractor-3").holder("Cho Min").legalName("Acme Staffing").at(T0.plus(ofDays(70))));
        fixture.send(change("agency").added("contractor-4").holder("Dan Park").legalName("Acme Staffing").at(T0.plus(ofDays(100))));
        fixture.send(change("agency").added("contractor-5").holder("Eva Novak").legalName("Acme Staffing").at(T0.plus(ofDays(101))));
        fixture.send(payout("agency").to("contractor-6").holder("Finn Berg").at(T0.plus(ofDays(102))));

        inbox.expectNoMoreAlerts();
    }

    /**
     * The same agency moving its own money (instruments in its own name) is counted whatever its payees: a new
     * wallet, a payout to a new crypto wallet and the old bank removed are three changes.
     */
    @Test
    void anAccountWithPayeesStillAlertsWhenItsOwnPayoutMethodChurns() {
        fixture.send(change("agency").added("bank-1").holder("Acme Staffing").legalName("Acme Staffing").at(T0));
        for (int i = 1; i <= 3; i++) {
            fixture.send(change("agency").added("contractor-" + i).holder("Contractor " + (char) ('A' + i)).legalName("Acme Staffing")
                    .at(T0.plus(ofDays(35L * i))));
        }
        fixture.send(change("agency").added("wallet-2").holder("Acme Staffing").legalName("Acme Staffing").id("c1").at(T0.plus(ofDays(140))));
        fixture.send(payout("agency").to("crypto-3").holder("Acme Staffing").id("c2").at(T0.plus(ofDays(141))));
        fixture.send(change("agency").removed("bank-1").holder("Acme Staffing").legalName("Acme Staffing").id("c3").at(T0.plus(ofDays(142))));

        inbox.expectAlert(ID).entity("account", "agency").satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c3", "c2", "c1");
            assertThat(a.getParameters()).containsEntry("min-payees", "3");
        });
        inbox.expectNoMoreAlerts();
    }

    /**
     * An account with fewer than min-payees other payees: a relative's bank and a friend's wallet are added and the
     * account's own bank removed within days. The instruments in other names count, as they always did.
     */
    @Test
    void newInstrumentsInOtherNamesCountUntilTheAccountHasMinPayeesOthers() {
        fixture.send(change("acct-1").added("bank-1").holder("Li Wei").legalName("Li Wei").at(T0));
        fixture.send(change("acct-1").added("bank-2").holder("Wang Fang").legalName("Li Wei").id("c1").at(T0.plus(ofDays(1))));
        fixture.send(change("acct-1").added("wallet-3").holder("Zhang Min").legalName("Li Wei").id("c2").at(T0.plus(ofDays(2))));
        fixture.send(change("acct-1").removed("bank-1").legalName("Li Wei").id("c3").at(T0.plus(ofDays(3))));

        inbox.expectAlert(ID).entity("account", "acct-1").evidenceCount(3);
        inbox.expectNoMoreAlerts();
    }

    /**
     * Instruments the account added more than instrument-memory (180 days) before and has not paid since are still
     * its own: paying into them is no change. Counted as new, the two payouts and the wallet added would be three.
     */
    @Test
    void payoutsToInstrumentsTheAccountAddedLongAgoAreNoChange() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(change("acct-1").added("wallet-2").at(T0.plus(ofDays(5))));
        fixture.send(change("acct-1").added("bank-3").at(T0.plus(ofDays(200))));
        fixture.send(payout("acct-1").to("bank-1").at(T0.plus(ofDays(201))));
        fixture.send(payout("acct-1").to("wallet-2").at(T0.plus(ofDays(202))));
        fixture.send(change("acct-1").added("wallet-4").at(T0.plus(ofDays(203))));

        inbox.expectNoMoreAlerts();
    }
}
