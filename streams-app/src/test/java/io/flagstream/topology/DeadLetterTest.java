package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.events.Payout;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.NOW;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(Map.of(
            "flagstream.detector.a17-payment-method-churn.enabled", "false"));

    @Test
    void bytesThatAreNotAvroGoToTheDeadLetterTopicWithTheReasonAndProcessingGoesOn() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        fixture.sendRaw("payouts", "acct-1", garbage);
        fixture.send(
                payout("acct-1").to("wallet-9").at(T0),
                payout("acct-2").to("wallet-9").at(T0),
                payout("acct-3").to("wallet-9").at(T0));

        TestRecord<String, DeadLetter> record = fixture.deadLetters.readRecord();
        DeadLetter letter = record.value();
        assertThat(record.key()).isEqualTo("acct-1");
        assertThat(letter.getSourceTopic()).isEqualTo("payouts");
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getOffset()).isZero();
        assertThat(letter.getErrorType()).isEqualTo("DESERIALIZATION");
        assertThat(letter.getReason()).containsIgnoringCase("magic byte");
        assertThat(letter.getValue().array()).isEqualTo(garbage);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        fixture.inbox().expectAlert(SharedPayoutInstrumentDetector.ID); // the good records still raise the A16 alert
        fixture.inbox().expectNoMoreAlerts(SharedPayoutInstrumentDetector.ID);
    }

    @Test
    void aRecordNamingASchemaIdTheRegistryDoesNotHaveIsDeadLetteredNamingTopicAndId() {
        fixture.sendRaw("payouts", "acct-1", new byte[] {0, 0, 0, 0x03, (byte) 0xe7, 2});

        DeadLetter letter = fixture.deadLetters.readRecord().value();
        assertThat(letter.getErrorType()).isEqualTo("DESERIALIZATION");
        assertThat(letter.getReason()).contains("topic payouts").contains("schema id 999").contains("not found");
    }

    @Test
    void anEventThatFailsValidationIsDeadLetteredWithEveryProblem() {
        Payout bad = payout("acct-1").to("wallet-9").amount("-5", "usd").at(T0);
        fixture.send(bad);

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("VALIDATION");
        assertThat(letter.getReason())
                .contains("amount must be positive but is -5")
                .contains("currency must be an ISO 4217 code but is 'usd'");
    }

    @Test
    void aRecordKeyedByAnotherAccountIsDeadLetteredBecauseItSitsInTheWrongPartition() {
        Payout p = payout("acct-1").at(T0);
        fixture.payouts.pipeInput("acct-2", p, T0);

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("record key 'acct-2' differs from accountId 'acct-1'");
    }

    @Test
    void anEventDatedInTheFutureIsDeadLetteredBeforeItCanPoisonInternalTopics() {
        fixture.send(payout("acct-1").at(NOW.plus(ofHours(2))));

        assertThat(fixture.deadLetters.readValue().getReason()).contains("is in the future");
    }

    @Test
    void aTombstoneIsDeadLetteredNotDropped() {
        fixture.sendRaw("account-changes", "acct-1", null);

        assertThat(fixture.deadLetters.readValue().getReason()).contains("tombstone");
    }

    @Test
    void aGoodEventProducesNoDeadLetter() {
        fixture.send(payout("acct-1").amount("10.5", "EUR").at(T0));

        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }
}
