package io.flagstream.detect.sharedinstrument;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class SharedPayoutInstrumentDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(Map.of(
            "flagstream.detector.a17-payment-method-churn.enabled", "false"));
    /** Alerts are taken by rule: the other payout detectors and the risk clusters see the same payouts. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threeAccountsPayingOutToOneWalletWithinAWeekRaiseOneAlert() {
        fixture.send(
                payout("acct-1").to("wallet-9").id("p1").at(T0),
                payout("acct-2").to("wallet-9").id("p2").at(T0.plus(ofDays(2))),
                payout("acct-3").to("wallet-9").id("p3").at(T0.plus(ofDays(6))));

        inbox.expectAlert(ID).entity("instrument", "wallet-9").accounts("acct-1", "acct-2", "acct-3")
                .severity(Severity.MEDIUM).revision(0).satisfies(alert -> {
            assertThat(alert.getRuleId()).isEqualTo("a16-shared-payout-instrument");
            assertThat(alert.getIndicator()).isEqualTo("A16");
            assertThat(alert.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p3", "p2", "p1");
            assertThat(alert.getEvidence().get(0).getFacts()).containsEntry("instrument", "wallet-9").containsEntry("amount", "250 USD");
            assertThat(alert.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("distinct-accounts");
                assertThat(t.getLimit()).isEqualTo(3.0);
                assertThat(t.getObserved()).isEqualTo(3.0);
            });
            assertThat(alert.getFirstSeen()).isEqualTo(T0);
            assertThat(alert.getLastSeen()).isEqualTo(T0.plus(ofDays(6)));
            assertThat(alert.getPriority()).isEqualTo(2.0);
            assertThat(alert.getPriorityReasons()).containsExactly("severity MEDIUM (+2)");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payersThatLinkedTheInstrumentMonthsAgoAreEstablishedAndNotCounted() {
        // A payroll collection account: five members linked it two months ago and are paid in the same week.
        for (int i = 1; i <= 5; i++) {
            fixture.send(change("acct-" + i).added("payroll-1").at(T0.minus(ofDays(60)).plus(ofHours(i))));
        }
        for (int i = 1; i <= 5; i++) {
            fixture.send(payout("acct-" + i).to("payroll-1").at(T0.plus(ofHours(i))));
        }

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payersThatLinkedTheInstrumentDaysBeforeAreNewAndCountedBesideEstablishedOnes() {
        fixture.send(change("old-1").added("wallet-9").at(T0.minus(ofDays(45))));
        fixture.send(change("acct-1").added("wallet-9").at(T0.minus(ofDays(2))));
        fixture.send(
                payout("old-1").to("wallet-9").at(T0),
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(1))),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(2))),
                payout("acct-3").to("wallet-9").at(T0.plus(ofHours(3))));

        inbox.expectAlert(ID).accounts("acct-1", "acct-2", "acct-3")
                .descriptionContains("3 accounts new to the same", "30d or more before");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoAccountsAreJustUnderTheThreshold() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))),
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(2))),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(3))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void threeAccountsSpreadOverMoreThanTheWindowRaiseNothing() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-9").at(T0.plus(ofDays(4))),
                payout("acct-3").to("wallet-9").at(T0.plus(ofDays(8))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void differentWalletsAreCountedApart() {
        fixture.send(
                payout("acct-1").to("wallet-1").at(T0),
                payout("acct-2").to("wallet-2").at(T0),
                payout("acct-3").to("wallet-3").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderPayoutsWithinGraceAreCounted() {
        fixture.send(
                payout("acct-3").to("wallet-9").at(T0.plus(ofHours(20))),
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(2))),
                // 20 h behind the newest payout: within the 1 d default grace
                payout("acct-2").to("wallet-9").at(T0));

        inbox.expectAlert(ID).accounts("acct-1", "acct-2", "acct-3");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsLaterThanTheGracePeriodAreNotCountedAndGoToTheDeadLetterTopicWithTheReason() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(25))),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(25))),
                // 25 h behind the stream: beyond the 1 d default grace
                payout("acct-3").to("wallet-9").id("late-one").at(T0));

        inbox.expectNoMoreAlerts(ID);
        assertThat(fixture.deadLetters.readValuesToList())
                .filteredOn(d -> d.getReason().contains(ID))
                .singleElement().satisfies(d -> {
                    assertThat(d.getErrorType()).isEqualTo("LATE");
                    assertThat(d.getReason()).contains("grace (1d)").contains("least progress");
                    assertThat(d.getRecordTimestamp()).isEqualTo(T0);
                    assertThat(new String(d.getValue().array(), java.nio.charset.StandardCharsets.UTF_8)).contains("late-one");
                });
    }

    @Test
    void theTimelineForgetsWhatNoOnTimePayoutCanReachAsEventTimeMovesOn() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-8").at(T0.plus(ofHours(1))));
        assertThat(timelineEntries()).as("two buckets and their expiry entries").isEqualTo(4);

        // 30 days on: W (7d) + grace (1d) have passed for both
        fixture.send(payout("acct-3").to("wallet-7").at(T0.plus(ofDays(30))));

        assertThat(timelineEntries()).as("only the new payout's bucket and its expiry entry").isEqualTo(2);
    }

    private int timelineEntries() {
        int n = 0;
        try (var it = fixture.driver.<String, Object>getKeyValueStore(SharedPayoutInstrumentDetector.TIMELINE_STORE).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void aPayoutJustWithinTheGracePeriodIsCounted() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(23))),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(23))),
                payout("acct-3").to("wallet-9").at(T0));

        inbox.expectAlert(ID).accounts("acct-1", "acct-2", "acct-3");
        inbox.expectNoMoreAlerts(ID);
        assertThat(fixture.deadLetters.readValuesToList()).isEmpty();
    }

    @Test
    void moreAccountsInTheSameEpisodeUpdateTheAlertInsteadOfRaisingNewOnes() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))),
                payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2))),
                // repeat payouts of known accounts: nothing new for a reviewer
                payout("acct-1").to("wallet-9").at(T0.plus(ofHours(3))),
                payout("acct-2").to("wallet-9").at(T0.plus(ofHours(4))),
                // a fourth account joins: one update
                payout("acct-4").to("wallet-9").at(T0.plus(ofHours(5))));

        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).accounts("acct-1", "acct-2", "acct-3", "acct-4");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aNewBurstAfterTheSuppressionPeriodIsANewEpisode() {
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-9").at(T0),
                payout("acct-3").to("wallet-9").at(T0),
                payout("acct-4").to("wallet-9").at(T0.plus(ofDays(30))),
                payout("acct-5").to("wallet-9").at(T0.plus(ofDays(30))),
                payout("acct-6").to("wallet-9").at(T0.plus(ofDays(30))));

        FraudAlert first = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).revision(0).accounts("acct-4", "acct-5", "acct-6")
                .satisfies(a -> assertThat(a.getAlertId()).as("a new episode's alert id").isNotEqualTo(first.getAlertId()));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theThresholdAndWindowComeFromConfiguration() {
        try (TopologyFixture strict = TopologyFixture.create(Map.of(
                "flagstream.detector.a16-shared-payout-instrument.min-accounts", "2",
                "flagstream.detector.a16-shared-payout-instrument.window", "1h"))) {
            strict.send(
                    payout("acct-1").to("wallet-9").at(T0),
                    payout("acct-2").to("wallet-9").at(T0.plus(ofHours(2))),
                    payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2)).plusSeconds(60)));

            strict.inbox().expectAlert(ID).accounts("acct-2", "acct-3");
            strict.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void aSwitchedOffDetectorRaisesNothing() {
        try (TopologyFixture off = TopologyFixture.create(Map.of(
                "flagstream.detector.a16-shared-payout-instrument.enabled", "false"))) {
            off.send(
                    payout("acct-1").to("wallet-9").at(T0),
                    payout("acct-2").to("wallet-9").at(T0),
                    payout("acct-3").to("wallet-9").at(T0));

            off.inbox().expectNoMoreAlerts(ID);
        }
    }
}
