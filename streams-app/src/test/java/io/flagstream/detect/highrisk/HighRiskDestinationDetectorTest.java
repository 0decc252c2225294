package io.flagstream.detect.highrisk;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.events.InstrumentType.DIGITAL_WALLET;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class HighRiskDestinationDetectorTest {
    private static final String ID = HighRiskDestinationDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other payout detectors see the same payouts. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threePayoutsToAChineseBankWithinAMonthRaiseOneAlert() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").id("p1").at(T0),
                payout("acct-1").to("bank-cn").country("CN").id("p2").at(T0.plus(ofDays(10))),
                payout("acct-1").to("bank-us").id("ordinary").at(T0.plus(ofDays(11))),
                payout("acct-1").to("bank-cn").country("CN").id("p3").at(T0.plus(ofDays(29))));

        inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.MEDIUM).satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A8");
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
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoPayoutsUnderTheAmountLimitAreJustUnderTheThresholds() {
        fixture.send(
                payout("acct-1").to("bank-ru").country("RU").amount("5000", "USD").at(T0),
                payout("acct-1").to("bank-ru").country("RU").amount("5000", "USD").at(T0.plus(ofDays(1))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aTotalAboveTheLimitInOneCurrencyRaisesAnAlertButCurrenciesAreNeverAdded() {
        fixture.send(
                payout("acct-1").to("bank-ru").country("RU").amount("6000", "USD").at(T0),
                payout("acct-1").to("bank-ru").country("RU").amount("6000", "EUR").at(T0.plus(ofDays(1))));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-ru").country("RU").amount("4000.01", "USD").at(T0.plus(ofDays(2))));
        // the third payout also reaches min-payouts; the USD total is over the limit
        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getThresholds())
                .extracting(t -> t.getName() + "=" + t.getObserved())
                .contains("high-risk-payouts=3.0", "high-risk-total-USD=10000.01"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoLargePayoutsInOneCurrencyExceedTheAmountLimit() {
        fixture.send(
                payout("acct-1").to("bank-kp").country("KP").amount("6000", "USD").at(T0),
                payout("acct-1").to("bank-kp").country("KP").amount("6000", "USD").at(T0.plus(ofDays(3))));

        inbox.expectAlert(ID).descriptionContains("12000 USD").satisfies(a -> assertThat(a.getThresholds())
                .extracting(t -> t.getName() + "=" + t.getObserved())
                .containsExactly("high-risk-payouts=2.0", "high-risk-total-USD=12000.0"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aPrcLinkedPaymentServiceMatchesWhateverItsSpellingAndIsNamedAsA10() {
        fixture.send(
                payout("acct-1").to("wallet-1", DIGITAL_WALLET).provider("alipay").id("p1").at(T0),
                payout("acct-1").to("wallet-2", DIGITAL_WALLET).provider("WECHAT-PAY").id("p2").at(T0.plus(ofHours(1))),
                payout("acct-1").to("wallet-2", DIGITAL_WALLET).provider("WeChat Pay").id("p3").at(T0.plus(ofHours(2))));

        inbox.expectAlert(ID).descriptionContains("A10").satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A8");
            assertThat(a.getParameters()).containsEntry("also-indicates", "A10");
            assertThat(a.getEvidence().get(2).getFacts())
                    .containsEntry("highRisk", "provider Alipay (A10 PRC-linked service)")
                    .containsEntry("a10ProviderMatch", "true");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void oneHighRiskPayoutThroughAnIntermediaryRaisesAnAlertOnItsOwn() {
        fixture.send(payout("acct-1").to("bank-cn").country("CN").via("Harbour Trading Ltd", "HK").id("p1").at(T0));

        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts())
                    .containsEntry("intermediary", "Harbour Trading Ltd").containsEntry("intermediaryCountry", "HK")
                    .containsEntry("routedThroughIntermediary", "true"));
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .contains("intermediary-routed-payouts=1.0");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anIntermediaryInAHighRiskCountryFlagsAnOrdinaryDestinationButAnOrdinaryIntermediaryDoesNot() {
        fixture.send(payout("acct-1").to("bank-us").via("Payroll Co", "US").at(T0));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-2").to("bank-us").via("Volga Consulting", "RU").at(T0));
        inbox.expectAlert(ID).entity("acct-2")
                .satisfies(a -> assertThat(a.getEvidence().get(0).getFacts()).containsEntry("highRisk", "intermediary country RU"));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderPayoutsWithinGraceAreCounted() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(20))),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(2))),
                // 20 h behind the newest payout: within the 1 d default grace
                payout("acct-1").to("bank-cn").country("CN").at(T0));

        inbox.expectAlert(ID).evidenceCount(3);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsSpreadOverMoreThanTheWindowRaiseNothing() {
        fixture.send(
                payout("acct-1").to("bank-cn").country("CN").at(T0),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofDays(16))),
                payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofDays(31))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void furtherPayoutsUpdateTheSameAlertOnlyWhenTheEvidenceDoubles() {
        for (int i = 0; i < 5; i++) {
            fixture.send(payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(i))));
        }
        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("acct-1").to("bank-cn").country("CN").at(T0.plus(ofHours(5))));
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(6).severity(Severity.HIGH);
        inbox.expectNoMoreAlerts(ID);
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

            custom.inbox().expectAlert(ID).entity("acct-2");
            custom.inbox().expectNoMoreAlerts(ID);
        }
    }
}
