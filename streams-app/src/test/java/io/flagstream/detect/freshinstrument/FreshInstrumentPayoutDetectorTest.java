package io.flagstream.detect.freshinstrument;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.AccountRole;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

class FreshInstrumentPayoutDetectorTest {
    private final TopologyFixture fixture = TopologyFixture.create();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<FraudAlert> alerts() {
        return fixture.alerts().stream().filter(a -> FreshInstrumentPayoutDetector.ID.equals(a.getRuleId())).toList();
    }

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

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A19");
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
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
            assertThat(a.getDescription()).contains("added less than 1d before (youngest 2h 5m)");
        });
    }

    @Test
    void aPayoutFromAWeekOldAccountRaisesAnAlertSayingWhy() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("bank-1").at(T0.plus(ofHours(1))));
        fixture.send(payout("acct-1").to("bank-1").at(T0.plus(ofDays(3))));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("condition", "new-account").containsEntry("accountAge", "3d 0h");
            assertThat(a.getThresholds()).extracting(t -> t.getName()).containsExactly("account-age-ms");
        });
    }

    @Test
    void bothConditionsAtOnceRaiseAHighAlert() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("wallet-1").at(T0.plus(ofMinutes(10))));
        fixture.send(payout("acct-1").to("wallet-1").at(T0.plus(ofMinutes(40))));

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("condition", "fresh-instrument,new-account");
        });
    }

    @Test
    void justOlderThanBothLimitsRaisesNothing() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0.minus(ofDays(7))));
        fixture.send(change("acct-1").added("bank-1").at(T0.minus(ofHours(24))));
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-2").to("unknown-wallet").at(T0));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aLatePayoutWithinGraceIsJudgedAgainstTheProfileAtItsTime() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        fixture.send(payout("acct-1").to("bank-old").at(T0.plus(ofHours(20))));
        fixture.send(payout("acct-1").to("wallet-new").id("late").at(T0.plus(ofHours(2))));

        assertThat(alerts()).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("late"));
    }

    @Test
    void aPayoutLaterThanTheGraceIsDropped() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        fixture.send(payout("acct-1").to("bank-old").at(T0.plus(ofHours(30))));
        fixture.send(payout("acct-1").to("wallet-new").at(T0.plus(ofHours(2))));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void moreFreshPayoutsUpdateTheSameAlertAsTheEvidenceDoubles() {
        establishedAccount("acct-1");
        fixture.send(change("acct-1").added("wallet-new").at(T0));
        for (int i = 1; i <= 5; i++) {
            fixture.send(payout("acct-1").to("wallet-new").at(T0.plus(ofHours(i))));
        }

        List<FraudAlert> alerts = alerts();
        assertThat(alerts).extracting(FraudAlert::getRevision).containsExactly(0, 1, 2);
        assertThat(alerts).extracting(FraudAlert::getEvidenceCount).containsExactly(1, 2, 4);
        assertThat(alerts).extracting(FraudAlert::getAlertId).containsOnly(alerts.get(0).getAlertId());
    }
}
