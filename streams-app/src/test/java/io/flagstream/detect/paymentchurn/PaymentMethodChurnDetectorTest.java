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
            "flagstream.detector.a16-shared-payout-instrument.enabled", "false"));
    /** With A16 off, no other rule alerts on these events: each test expects no more alerts of any rule. */
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
}
