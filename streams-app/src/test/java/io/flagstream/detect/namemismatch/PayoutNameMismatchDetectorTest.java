package io.flagstream.detect.namemismatch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.events.AccountRole.FREELANCER;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class PayoutNameMismatchDetectorTest {
    private static final String ID = PayoutNameMismatchDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other payout and account-change detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    @BeforeEach
    void account() {
        fixture.send(change("acct-1").created(FREELANCER, "KR").legalName("Kim Min-jun").at(T0.minus(ofDays(30))));
    }

    @Test
    void aPayoutRightAfterAddingAnInstrumentInAnotherNameIsHigh() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").id("c1").at(T0));

        FraudAlert added = inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.MEDIUM).satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A9");
            assertThat(a.getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts())
                    .containsEntry("kind", "PAYMENT_METHOD_ADDED").containsEntry("holderName", "Zhang Wei")
                    .containsEntry("legalName", "Kim Min-jun"));
        }).alert();
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").id("p1").at(T0.plus(ofDays(2))));

        inbox.expectAlert(ID).alertId(added.getAlertId()).revision(1).severity(Severity.HIGH).satisfies(a -> {
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "c1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("legalName", "Kim Min-jun")
                    .containsEntry("instrumentAddedAt", T0.toString());
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("name-mismatched-events=2.0", "hours-from-instrument-added-to-payout=48.0");
            assertThat(a.getParameters()).containsEntry("window", "7d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theSameNameWrittenDifferentlyRaisesNothing() {
        fixture.send(change("acct-1").added("bank-2").holder("MIN JUN KIM").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Kím, Min-Jun").at(T0.plus(ofDays(1))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void missingNamesOnEitherSideRaiseNothing() {
        fixture.send(change("acct-2").created(FREELANCER, "US").at(T0.minus(ofDays(1))));
        fixture.send(payout("acct-2").to("bank-9").holder("Zhang Wei").at(T0));
        fixture.send(payout("unknown-account").to("bank-9").holder("Zhang Wei").at(T0));
        fixture.send(payout("acct-1").to("bank-3").holder(null).at(T0));
        fixture.send(change("acct-1").added("bank-4").holder(null).at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutJustOutsideTheWindowAfterTheInstrumentWasAddedIsOnlyMedium() {
        // added under the right name, paid out to a holder the provider reports under another name
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(7)).plusSeconds(1)));

        inbox.expectAlert(ID).severity(Severity.MEDIUM)
                .satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("instrumentAddedAt", T0.toString()));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theProfileAloneTellsThatTheInstrumentWasJustAdded() {
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(7))));

        inbox.expectAlert(ID).severity(Severity.HIGH);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutLongAfterAddingAnInstrumentInAnotherNameRepeatsThatAdditionsAlert() {
        // A household: one member paid into a relative's account, added months ago and alerted on then.
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        inbox.expectAlert(ID).severity(Severity.MEDIUM);
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("ZHANG Wei").at(T0.plus(ofDays(60))));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(90))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutLongAfterTheAdditionToAHolderNameNotJudgedThenStillAlerts() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        inbox.expectAlert(ID); // the addition's own alert
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("Li Na").at(T0.plus(ofDays(60))));

        inbox.expectAlert(ID).severity(Severity.MEDIUM).satisfies(a -> assertThat(a.getEvidence().get(0).getFacts())
                .containsEntry("holderName", "Li Na").containsEntry("holderNameWhenAdded", "Zhang Wei"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anInstrumentUpdatedToAnotherHoldersNameAlertsAndItsLaterPayoutsRepeatIt() {
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(change("acct-1").updated("bank-2").holder("Zhang Wei").id("u1").at(T0.plus(ofDays(1))));
        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getEvidence())
                .singleElement().satisfies(e -> assertThat(e.getFacts()).containsEntry("kind", "PAYMENT_METHOD_UPDATED")));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(60))));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anInstrumentAdditionArrivingLateWithinGraceStillMakesThePayoutHigh() {
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").id("p1").at(T0.plus(ofHours(20))));
        // 20 h behind the payout: within the 1 d default grace
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").id("c1").at(T0));

        FraudAlert opened = inbox.expectAlert(ID).severity(Severity.MEDIUM).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).severity(Severity.HIGH)
                .satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "c1"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void repeatedPayoutsRaiseNoSecondAlertAndASecondForeignInstrumentUpdatesIt() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofHours(1))));
        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1);
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofHours(2))));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-5").holder("Li Na").at(T0.plus(ofHours(3))));
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(2).evidenceCount(4);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theDetectorCanBeSwitchedOff() {
        try (TopologyFixture off = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".enabled", "false"))) {
            off.send(change("acct-1").created(FREELANCER, "KR").legalName("Kim Min-jun").at(T0));
            off.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
            off.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0));

            off.inbox().expectNoMoreAlerts(ID);
        }
    }
}
