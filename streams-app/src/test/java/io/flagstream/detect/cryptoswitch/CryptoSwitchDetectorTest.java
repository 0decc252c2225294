package io.flagstream.detect.cryptoswitch;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
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

    private final TopologyFixture fixture = TopologyFixture.create();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aCryptoPayoutAfterFiatPayoutsRaisesOneHighAlert() {
        fixture.send(payout("acct-1").to("bank-1").id("f1").at(T0));
        fixture.send(payout("acct-1").to("bank-1").id("f2").at(T0.plus(ofDays(30))));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).id("c1").at(T0.plus(ofDays(60))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A12");
            assertThat(a.getEntity().getType()).isEqualTo("account");
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c1", "f2");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("instrumentType", "CRYPTO_WALLET")
                    .containsEntry("fiatInstrumentOnFile", "false");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("instrumentType", "BANK_ACCOUNT");
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("fiat-payouts-before=1.0", "crypto-events=1.0");
            assertThat(a.getParameters()).containsEntry("window", "180d");
        });
    }

    @Test
    void aCryptoWalletAddedByAnAccountWithABankOnFileRaisesAMediumAlert() {
        fixture.send(change("acct-1").created(FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("bank-1").at(T0.plus(ofHours(1))));
        fixture.send(change("acct-1").added("wallet-1", CRYPTO_WALLET).id("w1").at(T0.plus(ofDays(1))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence()).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("w1");
                assertThat(e.getFacts()).containsEntry("kind", "PAYMENT_METHOD_ADDED")
                        .containsEntry("fiatInstrumentOnFile", "true");
            });
        });
    }

    @Test
    void aCryptoPayoutOfAnAccountWithAFiatInstrumentOnFileAlerts() {
        fixture.send(change("acct-1").added("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(1))));

        assertThat(fixture.alerts(ID)).singleElement()
                .satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("fiatInstrumentOnFile", "true"));
    }

    @Test
    void anAccountThatOnlyEverUsedCryptoRaisesNothing() {
        fixture.send(change("acct-1").created(FREELANCER, "US").at(T0));
        fixture.send(change("acct-1").added("wallet-1", CRYPTO_WALLET).at(T0));
        fixture.send(change("acct-1").added("wallet-2", CRYPTO_WALLET).at(T0.plus(ofDays(1))));
        for (int day = 1; day <= 5; day++) {
            fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(day))));
        }

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aFiatPayoutJustOutsideTheWindowIsNoHistory() {
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(180)).plusSeconds(1)));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aFiatPayoutArrivingLateWithinGraceRevealsTheSwitch() {
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).id("c1").at(T0.plus(ofHours(20))));
        assertThat(fixture.alerts(ID)).isEmpty();

        // 20 h behind the crypto payout: within the 1 d default grace
        fixture.send(payout("acct-1").to("bank-1").id("f1").at(T0));
        assertThat(fixture.alerts(ID)).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c1", "f1"));
    }

    @Test
    void moreCryptoPayoutsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        fixture.send(payout("acct-1").to("bank-1").at(T0));
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(1))));
        List<FraudAlert> first = fixture.alerts(ID);
        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(2))));
        assertThat(fixture.alerts(ID)).isEmpty();

        fixture.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(3))));
        List<FraudAlert> update = fixture.alerts(ID);

        assertThat(first).singleElement().satisfies(a -> assertThat(a.getRevision()).isZero());
        assertThat(update).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo(first.get(0).getAlertId());
            assertThat(a.getRevision()).isEqualTo(1);
            assertThat(a.getEvidenceCount()).isEqualTo(4);
        });
    }

    @Test
    void theWindowComesFromConfiguration() {
        try (TopologyFixture shortWindow = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".window", "30d"))) {
            shortWindow.send(payout("acct-1").to("bank-1").at(T0));
            shortWindow.send(payout("acct-1").to("wallet-1", CRYPTO_WALLET).at(T0.plus(ofDays(31))));

            assertThat(shortWindow.alerts(ID)).isEmpty();
        }
    }
}
