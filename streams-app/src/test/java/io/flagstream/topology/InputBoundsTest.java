package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.errors.DeadLetters;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.NOW;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;

/** Size, amount and age bounds on input events: over any of them, the event is dead-lettered with the bound it broke. */
class InputBoundsTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(Map.of(
            "flagstream.input.max-string-length", "64",
            "flagstream.input.max-amount", "10000",
            "flagstream.input.max-event-age", "500d"));

    @Test
    void aStringOverTheLimitAtAnyDepthIsDeadLettered() {
        fixture.send(payout("acct-1").to("w".repeat(65)).at(T0));
        fixture.send(login("acct-1").fromIp("203.0.113.7", "US").remoteDesktopTool("d".repeat(100)).at(T0));

        assertThat(fixture.deadLetters.readValue().getReason())
                .isEqualTo("instrument.fingerprint is 65 characters, over flagstream.input.max-string-length (64)");
        assertThat(fixture.deadLetters.readValue().getReason()).contains("is 100 characters, over flagstream.input.max-string-length (64)");
    }

    @Test
    void stringsAtTheLimitAndAmountsAtTheMaximumPass() {
        fixture.send(payout("acct-1").to("w".repeat(64)).amount("10000", "USD").at(T0));

        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anAmountOverTheMaximumIsDeadLettered() {
        fixture.send(payout("acct-1").amount("10000.0001", "USD").at(T0));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo(DeadLetters.VALIDATION);
        assertThat(letter.getReason()).isEqualTo("amount 10000.0001 is over flagstream.input.max-amount (10000)");
    }

    @Test
    void anEventOlderThanTheMaximumAgeIsDeadLettered() {
        fixture.send(payout("acct-1").at(NOW.minus(ofDays(501))));

        assertThat(fixture.deadLetters.readValue().getReason()).contains("is older than flagstream.input.max-event-age (500d)");
    }
}
