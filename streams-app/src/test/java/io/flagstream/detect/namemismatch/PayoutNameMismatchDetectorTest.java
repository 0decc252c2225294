package io.flagstream.detect.namemismatch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
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

    private final TopologyFixture fixture = TopologyFixture.create();

    @BeforeEach
    void account() {
        fixture.send(change("acct-1").created(FREELANCER, "KR").legalName("Kim Min-jun").at(T0.minus(ofDays(30))));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aPayoutRightAfterAddingAnInstrumentInAnotherNameIsHigh() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").id("c1").at(T0));
        List<FraudAlert> added = fixture.alerts(ID);
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").id("p1").at(T0.plus(ofDays(2))));
        List<FraudAlert> paid = fixture.alerts(ID);

        assertThat(added).singleElement().satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A9");
            assertThat(a.getEntity().getType()).isEqualTo("account");
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts())
                    .containsEntry("kind", "PAYMENT_METHOD_ADDED").containsEntry("holderName", "Zhang Wei")
                    .containsEntry("legalName", "Kim Min-jun"));
        });
        assertThat(paid).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo(added.get(0).getAlertId());
            assertThat(a.getRevision()).isEqualTo(1);
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "c1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("legalName", "Kim Min-jun")
                    .containsEntry("instrumentAddedAt", T0.toString());
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("name-mismatched-events=2.0", "hours-from-instrument-added-to-payout=48.0");
            assertThat(a.getParameters()).containsEntry("window", "7d");
        });
    }

    @Test
    void theSameNameWrittenDifferentlyRaisesNothing() {
        fixture.send(change("acct-1").added("bank-2").holder("MIN JUN KIM").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Kím, Min-Jun").at(T0.plus(ofDays(1))));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void missingNamesOnEitherSideRaiseNothing() {
        fixture.send(change("acct-2").created(FREELANCER, "US").at(T0.minus(ofDays(1))));
        fixture.send(payout("acct-2").to("bank-9").holder("Zhang Wei").at(T0));
        fixture.send(payout("unknown-account").to("bank-9").holder("Zhang Wei").at(T0));
        fixture.send(payout("acct-1").to("bank-3").holder(null).at(T0));
        fixture.send(change("acct-1").added("bank-4").holder(null).at(T0));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aPayoutJustOutsideTheWindowAfterTheInstrumentWasAddedIsOnlyMedium() {
        // added under the right name, paid out to a holder the provider reports under another name
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(7)).plusSeconds(1)));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("instrumentAddedAt", T0.toString());
        });
    }

    @Test
    void theProfileAloneTellsThatTheInstrumentWasJustAdded() {
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(7))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getSeverity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void aPayoutLongAfterAddingAnInstrumentInAnotherNameRepeatsThatAdditionsAlert() {
        // A household: one member paid into a relative's account, added months ago and alerted on then.
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM));

        fixture.send(payout("acct-1").to("bank-2").holder("ZHANG Wei").at(T0.plus(ofDays(60))));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(90))));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aPayoutLongAfterTheAdditionToAHolderNameNotJudgedThenStillAlerts() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        fixture.alerts(ID);

        fixture.send(payout("acct-1").to("bank-2").holder("Li Na").at(T0.plus(ofDays(60))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("holderName", "Li Na")
                    .containsEntry("holderNameWhenAdded", "Zhang Wei");
        });
    }

    @Test
    void anInstrumentUpdatedToAnotherHoldersNameAlertsAndItsLaterPayoutsRepeatIt() {
        fixture.send(change("acct-1").added("bank-2").holder("Kim Min-jun").at(T0));
        fixture.send(change("acct-1").updated("bank-2").holder("Zhang Wei").id("u1").at(T0.plus(ofDays(1))));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getEvidence())
                .singleElement().satisfies(e -> assertThat(e.getFacts()).containsEntry("kind", "PAYMENT_METHOD_UPDATED")));

        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofDays(60))));
        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void anInstrumentAdditionArrivingLateWithinGraceStillMakesThePayoutHigh() {
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").id("p1").at(T0.plus(ofHours(20))));
        // 20 h behind the payout: within the 1 d default grace
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").id("c1").at(T0));

        List<FraudAlert> alerts = fixture.alerts(ID);
        assertThat(alerts).extracting(FraudAlert::getSeverity).containsExactly(Severity.MEDIUM, Severity.HIGH);
        assertThat(alerts).extracting(FraudAlert::getAlertId).containsOnly(alerts.get(0).getAlertId());
        assertThat(alerts.get(1).getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "c1");
    }

    @Test
    void repeatedPayoutsRaiseNoSecondAlertAndASecondForeignInstrumentUpdatesIt() {
        fixture.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofHours(1))));
        assertThat(fixture.alerts(ID)).extracting(FraudAlert::getRevision).containsExactly(0, 1);

        fixture.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0.plus(ofHours(2))));
        assertThat(fixture.alerts(ID)).isEmpty();

        fixture.send(payout("acct-1").to("bank-5").holder("Li Na").at(T0.plus(ofHours(3))));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getRevision()).isEqualTo(2);
            assertThat(a.getEvidenceCount()).isEqualTo(4);
        });
    }

    @Test
    void theDetectorCanBeSwitchedOff() {
        try (TopologyFixture off = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".enabled", "false"))) {
            off.send(change("acct-1").created(FREELANCER, "KR").legalName("Kim Min-jun").at(T0));
            off.send(change("acct-1").added("bank-2").holder("Zhang Wei").at(T0));
            off.send(payout("acct-1").to("bank-2").holder("Zhang Wei").at(T0));

            assertThat(off.alerts(ID)).isEmpty();
        }
    }
}
