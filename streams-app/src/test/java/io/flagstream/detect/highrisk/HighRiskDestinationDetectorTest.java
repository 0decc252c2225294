package io.flagstream.detect.highrisk;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.flagstream.events.InstrumentType.DIGITAL_WALLET;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class HighRiskDestinationDetectorTest {
    private static final String ID = HighRiskDestinationDetector.ID;

    private final TopologyFixture fixture = TopologyFixture.create();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void threePayoutsToAChineseBankWithinAMonthRaiseOneAlert() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").id("p1").at(T0),
                payout("acct-1").to("bank-cn").country("CN").id("p2").at(T0.plus(ofDays(10))),
                payout("acct-1").to("bank-us").id("ordinary").at(T0.plus(ofDays(11))),
                payout("acct-1").to("bank-cn").country("CN").id("p3").at(T0.plus(ofDays(29))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A8");
            assertThat(a.getEntity().getType()).isEqualTo("account");
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p3", "p2", "p1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("highRisk", "instrument country CN")
                    .containsEntry("amount", "250 USD").containsEntry("instrument", "bank-cn");
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("high-risk-payouts");
                assertThat(t.getLimit()).isEqualTo(3.0);
                assertThat(t.getObserved()).isEqualTo(3.0);
            });
            assertThat(a.getParameters()).containsEntry("window", "30d").containsEntry("countries", "CN,RU,KP")
                    .doesNotContainKey("also-indicates");
        });
    }

    @Test
    void twoPayoutsUnderTheAmountLimitAreJustUnderTheThresholds() {
        fixture.send(
                payout("acct-1").to("bank-ru").country("RU").amount("5000", "USD").at(T0),
                payout("acct-1").to("bank-ru").country("RU").amount("5000", "USD").at(T0.plus(ofDays(1))));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aTotalAboveTheLimitInOneCurrencyRaisesAnAlertButCurrenciesAreNeverAdded() {
        fixture.send(
                payout("acct-1").to("bank-ru").country("RU").amount("6000", "USD").at(T0),
                payout("acct-1").to("bank-ru").country("RU").amount("6000", "EUR").at(T0.plus(ofDays(1))));
        assertThat(fixture.alerts(ID)).isEmpty();

        fixture.send(payout("acct-1").to("bank-ru").country("RU").amount("4000.01", "USD").at(T0.plus(ofDays(2))));
        // the third payout also reaches min-payouts; the USD total is over the limit
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getThresholds())
                .extracting(t -> t.getName() + "=" + t.getObserved())
                .contains("high-risk-payouts=3.0", "high-risk-total-USD=10000.01"));
    }

    @Test
    void twoLargePayoutsInOneCurrencyExceedTheAmountLimit() {
        fixture.send(
                payout("acct-1").to("bank-kp").country("KP").amount("6000", "USD").at(T0),
                payout("acct-1").to("bank-kp").country("KP").amount("6000", "USD").at(T0.plus(ofDays(3))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("high-risk-payouts=2.0", "high-risk-total-USD=12000.0");
            assertThat(a.getDescription()).contains("12000 USD");
        });
    }

    @Test
    void aPrcLinkedPaymentServiceMatchesWhateverItsSpellingAndIsNamedAsA10() {
        fixture.send(
                payout("acct-1").to("wallet-1", DIGITAL_WALLET).provider("alipay").id("p1").at(T0),
                payout("acct-1").to("wallet-2", DIGITAL_WALLET).provider("WECHAT-PAY").id("p2").at(T0.plus(ofHours(1))),
                payout("acct-1").to("wallet-2", DIGITAL_WALLET).provider("WeChat Pay").id("p3").at(T0.plus(ofHours(2))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A8");
            assertThat(a.getParameters()).containsEntry("also-indicates", "A10");
            assertThat(a.getDescription()).contains("A10");
            assertThat(a.getEvidence().get(2).getFacts())
                    .containsEntry("highRisk", "provider Alipay (A10 PRC-linked service)")
                    .containsEntry("a10ProviderMatch", "true");
        });
    }

    @Test
    void oneHighRiskPayoutThroughAnIntermediaryRaisesAnAlertOnItsOwn() {
        fixture.send(payout("acct-1").to("bank-cn").country("CN").via("Harbour Trading Ltd", "HK").id("p1").at(T0));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts())
                    .containsEntry("intermediary", "Harbour Trading Ltd").containsEntry("intermediaryCountry", "HK")
                    .containsEntry("routedThroughIntermediary", "true"));
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .contains("intermediary-routed-payouts=1.0");
        });
    }

    @Test
    void anIntermediaryInAHighRiskCountryFlagsAnOrdinaryDestinationButAnOrdinaryIntermediaryDoesNot() {
        fixture.send(payout("acct-1").to("bank-us").via("Payroll Co", "US").at(T0));
        assertThat(fixture.alerts(ID)).isEmpty();

        fixture.send(payout("acct-2").to("bank-us").via("Volga Consulting", "RU").at(T0));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getEntity().getId()).isEqualTo("acct-2");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("highRisk", "intermediary country RU");
        });
    }

    @Test
    void outOfOrderPayoutsWithinGraceAreCounted() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(20))),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(2))),
                // 20 h behind the newest payout: within the 1 d default grace
                payout("acct-1").to("bank-cn").country("CN").at(T0));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getEvidenceCount()).isEqualTo(3));
    }

    @Test
    void payoutsSpreadOverMoreThanTheWindowRaiseNothing() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").at(T0),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofDays(16))),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofDays(31))));

        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void furtherPayoutsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        for (int i = 0; i < 5; i++) {
            fixture.send(payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(i))));
        }
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getRevision()).isZero());

        fixture.send(payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(5))));
        List<FraudAlert> update = fixture.alerts(ID);
        assertThat(update).singleElement().satisfies(a -> {
            assertThat(a.getRevision()).isEqualTo(1);
            assertThat(a.getEvidenceCount()).isEqualTo(6);
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void countriesAndThresholdsComeFromConfiguration() {
        try (TopologyFixture custom = TopologyFixture.create(Map.of(
                "flagstream.detector." + ID + ".countries", "ir",
                "flagstream.detector." + ID + ".min-payouts", "2"))) {
            custom.send(
                    payout("acct-1").to("bank-cn").country("CN").at(T0),
                    payout("acct-1").to("bank-cn").country("CN").at(T0),
                    payout("acct-2").to("bank-ir").country("IR").at(T0),
                    payout("acct-2").to("bank-ir").country("IR").at(T0.plus(ofHours(1))));

            assertThat(custom.alerts(ID)).singleElement()
                    .satisfies(a -> assertThat(a.getEntity().getId()).isEqualTo("acct-2"));
        }
    }
}
