package io.flagstream.risk;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Findings print scores with two decimals; the fast formatting must print what {@code %.2f} prints. */
class FindingNumbersTest {

    @Test
    void twoDecimalsRoundedHalfUpAsFormatDoes() {
        assertThat(AccountRiskProcessor.number(0)).isEqualTo("0.00");
        assertThat(AccountRiskProcessor.number(10)).isEqualTo("10.00");
        assertThat(AccountRiskProcessor.number(2.675)).isEqualTo(String.format(Locale.ROOT, "%.2f", 2.675));
        assertThat(AccountRiskProcessor.number(0.125)).isEqualTo("0.13");
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double v = i % 2 == 0 ? random.nextDouble() * 200 : random.nextInt(40_000) * 0.005;
            assertThat(AccountRiskProcessor.number(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
        }
    }
}
