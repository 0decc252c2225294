package io.flagstream.detect.cryptoswitch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.events.AccountRole.FREELANCER;
import static io.flagstream.events.InstrumentType.CRYPTO_WALLET;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class CryptoSwitchDetectorTest {
    private static final String ID = CryptoSwitchDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other payout and account-change detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void aCryptoPayoutAfterFiatPayoutsRaisesOneHighAlert() {
        fixture.send(payout("acct-1").to("bank-1").id("f1").at(T0));
        fixture.send(payout("acct-1").to("bank-1").id("f2").at(T0.plus(ofDays(30))));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).id("c1").at(T0.plus(ofDays(60))));

        inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.HIGH).satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A12");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c1", "f2");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("instrumentType", "CRYPTO_WALLET")
                    .containsEntry("fiatInstrumentOnFile", "false");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("instrumentType", "BANK_ACCOUNT");
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("fiat-payouts-before=1.0", "crypto-events=1.0");
            assertThat(a.getParameters()).containsEntry("window", "180d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aCryptoWalletAddedByAnAccountWithABankOnFileRaisesAMediumAlert() {
        fixture.send(change("acct-1").created(FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("bank-1").at(T0.plus(ofHours(1))));
        fixture.send(change("acct-1").added("wallet-1", CRYPTO_WALLET).id("w1").at(T0.plus(ofDays(1))));

        inbox.expectAlert(ID).severity(Severity.MEDIUM).satisfies(a -> assertThat(a.getEvidence()).singleElement().satisfies(e -> {
            assertThat(e.getEventId()).isEqualTo("w1");
            assertThat(e.getFacts()).containsEntry("kind", "PAYMENT_METHOD_ADDED").containsEntry("fiatInstrumentOnFile", "true");
        }));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aCryptoPayoutOfAnAccountWithAFiatInstrumentOnFileAlerts() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(1))));

        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("fiatInstrumentOnFile", "true"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anAccountThatOnlyEverUsedCryptoRaisesNothing() {
        fixture.send(change("acct-1").created(FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("wallet-1", CRYPTO_WALLET).at(T0));
        fixture.send(change("acct-1").added("wallet-2", CRYPTO_WALLET).at(T0.plus(ofDays(1))));
        for (int day = 1; day <= 5; day++) {
            fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(day))));
        }

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aFiatPayoutJustOutsideTheWindowIsNoHistory() {
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(180)).plusSeconds(1)));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aFiatPayoutArrivingLateWithinGraceRevealsTheSwitch() {
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).id("c1").at(T0.plus(ofHours(20))));
        inbox.expectNoMoreAlerts(ID);

        // 20 h behind the crypto payout: within the 1 d default grace
        fixture.send(payout("acct-1").to("bank-1").id("f1").at(T0));
        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c1", "f1"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void moreCryptoPayoutsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(1))));
        FraudAlert first = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectNoMoreAlerts(ID);
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(2))));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(3))));

        inbox.expectAlert(ID).alertId(first.getAlertId()).revision(1).evidenceCount(4);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theWindowComesFromConfiguration() {
        try (TopologyFixture shortWindow = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".window", "30d"))) {
            shortWindow.send(payout("acct-1").to("bank-1").at(T0));
            shortWindow.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(31))));

            shortWindow.inbox().expectNoMoreAlerts(ID);
        }
    }
}
