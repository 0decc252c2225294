package io.flagstream.detect.smallpayouts;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector.ID;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class SmallPayoutsDrainDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the whole production topology runs. */
    private final AlertInbox inbox = fixture.inbox();

    /** {@code n} payouts of {@code amount}, one every {@code everyHours} hours from T0. */
    private void payouts(String account, int n, String amount, String currency, long everyHours) {
        for (int i = 0; i < n; i++) {
            fixture.send(payout(account).amount(amount, currency).at(T0.plus(ofHours(i * everyHours))));
        }
    }

    @Test
    void twentySmallPayoutsAddingUpToMoreThanTheLimitRaiseAnAlert() {
        payouts("acct-1", 20, "60", "USD", 96);

        inbox.expectAlert(ID).entity("acct-1").evidenceCount(20).descriptionContains("20 payouts below 100 USD", "1200 USD in all")
                .satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A18");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("amount", "60 USD");
            assertThat(a.getThresholds()).extracting(t -> t.getName(), t -> t.getLimit(), t -> t.getObserved())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("small-payouts", 20.0, 20.0),
                            org.assertj.core.groups.Tuple.tuple("total-amount-USD", 1000.0, 1200.0));
            assertThat(a.getParameters()).containsEntry("window", "90d").containsEntry("currency", "USD");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void nineteenPayoutsOrATotalOfExactlyTheLimitRaiseNothing() {
        payouts("acct-1", 19, "99", "USD", 1);
        payouts("acct-2", 20, "50", "USD", 1);

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsAtOrAboveTheSmallLimitAndOtherCurrenciesAreNotCounted() {
        payouts("acct-1", 19, "90", "USD", 1);
        fixture.send(payout("acct-1").amount("100", "USD").at(T0.plus(ofHours(30))));
        fixture.send(payout("acct-1").amount("90", "EUR").at(T0.plus(ofHours(31))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsSpreadOverMoreThanTheWindowRaiseNothing() {
        payouts("acct-1", 20, "90", "USD", 5 * 24);

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderPayoutsWithinGraceAreCounted() {
        for (int i = 19; i >= 0; i--) {
            fixture.send(payout("acct-1").amount("60", "USD").at(T0.plus(ofHours(i))));
        }

        inbox.expectAlert(ID).evidenceCount(20).satisfies(a -> assertThat(a.getFirstSeen()).isEqualTo(T0));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPayoutDeliveredTwiceCountsOnce() {
        payouts("acct-1", 19, "60", "USD", 1);
        fixture.send(payout("acct-1").amount("60", "USD").id("dup").at(T0.plus(ofDays(1))));
        fixture.send(payout("acct-1").amount("60", "USD").id("dup").at(T0.plus(ofDays(1))));

        inbox.expectAlert(ID).evidenceCount(20);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void moreSmallPayoutsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        payouts("acct-1", 41, "60", "USD", 1);

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(20).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(40)
                .satisfies(a -> assertThat(a.getEvidence()).hasSize(25));
        inbox.expectNoMoreAlerts(ID);
    }
}
