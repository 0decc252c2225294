package io.flagstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.TopicNames;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputCountersTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private final String scope = "counters-" + UUID.randomUUID();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Topics topics = OutputCounters.counting(
            Topics.create(new TopicNames("p", "l", "c", "alerts", "dead", "findings", "config", "allow", "watch", "live", "audit"),
                    InMemorySchemaRegistry.forScope(scope)), registry);

    @AfterEach
    void dropRegistryScope() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void countsAlertRecordsByRuleAndActivity() {
        write(alert("a16-shared-payout-instrument", 0, "OPEN"));
        write(alert("a16-shared-payout-instrument", 1, "OPEN"));
        write(alert("a16-shared-payout-instrument", 2, "CLOSED"));
        write(alert("a2-shared-login-ip", 0, "OPEN"));
        write(alert("a2-shared-login-ip", 0, "OPEN"));

        assertThat(alertRecords("a16-shared-payout-instrument", "create")).isEqualTo(1);
        assertThat(alertRecords("a16-shared-payout-instrument", "update")).isEqualTo(1);
        assertThat(alertRecords("a16-shared-payout-instrument", "close")).isEqualTo(1);
        assertThat(alertRecords("a2-shared-login-ip", "create")).isEqualTo(2);
        assertThat(registry.scrape()).contains("flagstream_alert_records_total{activity=\"create\",rule=\"a2-shared-login-ip\"} 2.0");
    }

    @Test
    void countsDeadLettersBySourceTopicAndErrorType() {
        write(deadLetter("payouts", "DESERIALIZATION"));
        write(deadLetter("payouts", "DESERIALIZATION"));
        write(deadLetter("logins", "LATE"));

        assertThat(registry.get("flagstream.dead.letters").tags("topic", "payouts", "error_type", "DESERIALIZATION").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("flagstream.dead.letters").tags("topic", "logins", "error_type", "LATE").counter().count())
                .isEqualTo(1);
    }

    @Test
    void countsNothingOnRead() {
        byte[] bytes = topics.alerts().valueSerde().serializer().serialize("alerts", alert("a2-shared-login-ip", 0, "OPEN"));
        topics.alerts().valueSerde().deserializer().deserialize("alerts", bytes);
        assertThat(alertRecords("a2-shared-login-ip", "create")).isEqualTo(1);
    }

    private void write(FraudAlert alert) {
        topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), alert);
    }

    private void write(DeadLetter letter) {
        topics.deadLetter().valueSerde().serializer().serialize(topics.deadLetter().name(), letter);
    }

    private double alertRecords(String rule, String activity) {
        return registry.get("flagstream.alert.records").tags("rule", rule, "activity", activity).counter().count();
    }

    private static FraudAlert alert(String rule, int revision, String status) {
        return FraudAlert.newBuilder()
                .setAlertId(rule + ":x").setRevision(revision).setStatus(status).setRuleId(rule).setIndicator("A16")
                .setTitle("t").setDescription("d").setSeverity(Severity.HIGH).setEntity(new AlertEntity("instrument", "x"))
                .setAccounts(List.of("acct-1")).setWindowStart(T0).setWindowEnd(T0).setFirstSeen(T0).setLastSeen(T0)
                .setEvidence(List.of()).setEvidenceCount(0).setThresholds(List.of()).setParameters(Map.of()).setDetectedAt(T0)
                .build();
    }

    private static DeadLetter deadLetter(String topic, String errorType) {
        return DeadLetter.newBuilder().setSourceTopic(topic).setPartition(0).setOffset(1L).setErrorType(errorType)
                .setReason("r").setFailedAt(T0).build();
    }
}
