package io.flagstream.detect.highrisk;

import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HighRiskDestinationsTest {
    private final HighRiskDestinations destinations =
            new HighRiskDestinations(Set.of("CN", "RU"), List.of("Alipay", "WeChat Pay"));

    private static Payout payout(String country, String provider, Intermediary via) {
        return Payout.newBuilder().setEventId("p").setAccountId("a").setTimestamp(Instant.EPOCH)
                .setAmount(BigDecimal.TEN).setCurrency("USD").setIntermediary(via)
                .setInstrument(PaymentInstrument.newBuilder().setType(InstrumentType.BANK_ACCOUNT).setFingerprint("i")
                        .setCountry(country).setProvider(provider).build())
                .build();
    }

    @Test
    void anOrdinaryPayoutIsNotFlagged() {
        assertThat(destinations.classify(payout("US", "Chase", null)).flagged()).isFalse();
        assertThat(destinations.classify(payout(null, null, null)).flagged()).isFalse();
    }

    @Test
    void countriesMatchIgnoringCase() {
        HighRiskDestinations.Classification c = destinations.classify(payout("cn", "Bank of China", null));

        assertThat(c.destination()).isTrue();
        assertThat(c.country()).isEqualTo("CN");
        assertThat(c.providerMatched()).isFalse();
        assertThat(c.routedThroughIntermediary()).isFalse();
    }

    @Test
    void providersMatchIgnoringCaseSpacesAndPunctuation() {
        assertThat(destinations.classify(payout("US", "wechatpay", null)).provider()).isEqualTo("WeChat Pay");
        assertThat(destinations.classify(payout("US", " ALIPAY ", null)).provider()).isEqualTo("Alipay");
        assertThat(destinations.classify(payout("US", "Alipay+ Partner Bank", null)).flagged()).isFalse();
    }

    @Test
    void intermediariesRouteHighRiskPayoutsOrAreHighRiskThemselves() {
        assertThat(destinations.classify(payout("CN", null, new Intermediary("Shell Ltd", "HK"))).routedThroughIntermediary()).isTrue();
        assertThat(destinations.classify(payout("US", null, new Intermediary("Shell Ltd", "ru"))).routedThroughIntermediary()).isTrue();
        assertThat(destinations.classify(payout("US", null, new Intermediary("Payroll Co", "US"))).flagged()).isFalse();
        assertThat(destinations.classify(payout("US", null, new Intermediary("Payroll Co", null))).flagged()).isFalse();
    }

    @Test
    void theDescriptionSaysWhy() {
        assertThat(destinations.classify(payout("CN", "Alipay", new Intermediary("X", "RU"))).describe())
                .isEqualTo("instrument country CN; provider Alipay (A10 PRC-linked service); intermediary country RU");
    }
}
