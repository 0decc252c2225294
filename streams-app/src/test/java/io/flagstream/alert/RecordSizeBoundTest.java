package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every alert the factory makes fits {@link RecordSizeBound#MAX_BYTES}, and says what it left out. */
class RecordSizeBoundTest {
    private static final AlertFactory FACTORY = new AlertFactory(10_000, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private static FraudAlert alert(int events, int accounts) {
        List<ObservedEvent> evidence = IntStream.range(0, events)
                .mapToObj(i -> new ObservedEvent("event-" + i, "alerts", "acct-" + i, 1_000L * i, "subject",
                        Map.of("note", "x".repeat(200))))
                .toList();
        AlertDraft draft = new AlertDraft("risk-high-risk-account", Indicator.RISK, "title", "description", Severity.HIGH,
                "account", "acct-0", evidence, List.of(), Map.of("threshold", "15"), 0, 1_000L * events);
        List<String> named = IntStream.range(0, accounts).mapToObj(i -> String.format("account-%06d", i)).toList();
        return FACTORY.create(draft, "id", 0, named);
    }

    @Test
    void aHugeAlertIsCutToTheBoundNewestEvidenceFirstWithCountsOfWhatWasLeftOut() {
        FraudAlert a = alert(2_000, 1_000);

        assertThat(RecordSizeBound.bytes(a)).isLessThanOrEqualTo(RecordSizeBound.MAX_BYTES);
        assertThat(a.getEvidenceCount()).isEqualTo(2_000);
        assertThat(a.getEvidence().get(0).getEventId()).as("newest kept").isEqualTo("event-1999");
        assertThat(a.getParameters())
                .containsEntry(RecordSizeBound.EVIDENCE_LEFT_OUT, String.valueOf(2_000 - a.getEvidence().size()))
                .containsEntry(RecordSizeBound.ACCOUNTS_LEFT_OUT, String.valueOf(1_000 - a.getAccounts().size()))
                .containsEntry("threshold", "15");
    }

    @Test
    void anAlertWithinTheBoundIsLeftAsItIs() {
        FraudAlert a = alert(20, 20);

        assertThat(a.getEvidence()).hasSize(20);
        assertThat(a.getAccounts()).hasSize(20);
        assertThat(a.getParameters()).doesNotContainKeys(RecordSizeBound.EVIDENCE_LEFT_OUT, RecordSizeBound.ACCOUNTS_LEFT_OUT);
    }

    @Test
    void manyAccountsAloneAreCutToo() {
        FraudAlert a = alert(1, 20_000);

        assertThat(RecordSizeBound.bytes(a)).isLessThanOrEqualTo(RecordSizeBound.MAX_BYTES);
        assertThat(a.getEvidence()).hasSize(1);
        assertThat(a.getParameters()).containsEntry(RecordSizeBound.ACCOUNTS_LEFT_OUT, String.valueOf(20_000 - a.getAccounts().size()));
    }
}
