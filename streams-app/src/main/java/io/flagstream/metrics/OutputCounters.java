package io.flagstream.metrics;

import io.flagstream.alert.AlertFactory;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Consumer;

/**
 * Counts what FlagStream writes, by what an operator asks about: alert records by rule and kind
 * ({@code flagstream_alert_records_total{rule, activity}}, activity {@code create}, {@code update} or
 * {@code close}, as in the OCSF findings) and dead letters by source topic and error type
 * ({@code flagstream_dead_letters_total{topic, error_type}}: DESERIALIZATION, VALIDATION, LATE, ...; the
 * free-text reason stays on the record, not in a label).
 *
 * <p>Counted in the output topics' serializers, which see every record the app sends whichever node
 * produced it, so the topology is untouched. Under exactly-once a record of an aborted transaction is
 * counted although readers never see it; the counts are for rates and alerting, not reconciliation.
 */
public final class OutputCounters {
    private OutputCounters() {
    }

    /** {@code topics} with the alert and dead-letter serializers counting into {@code registry}. */
    public static Topics counting(Topics topics, MeterRegistry registry) {
        Topic<String, FraudAlert> alerts = topics.alerts();
        Topic<String, DeadLetter> deadLetter = topics.deadLetter();
        return new Topics(topics.payouts(), topics.logins(), topics.accountChanges(),
                new Topic<>(alerts.name(), alerts.keySerde(), counting(alerts.valueSerde(), alert -> alertRecords(registry, alert).increment())),
                new Topic<>(deadLetter.name(), deadLetter.keySerde(),
                        counting(deadLetter.valueSerde(), letter -> deadLetters(registry, letter).increment())),
                topics.findings(), topics.config(), topics.allowList(), topics.watchList(), topics.liveState(), topics.audit());
    }

    static Counter alertRecords(MeterRegistry registry, FraudAlert alert) {
        return Counter.builder("flagstream.alert.records")
                .description("Alert records written to the alerts topic, by rule and activity")
                .tag("rule", alert.getRuleId())
                .tag("activity", AlertFactory.CLOSED.equals(alert.getStatus()) ? "close" : alert.getRevision() == 0 ? "create" : "update")
                .register(registry);
    }

    static Counter deadLetters(MeterRegistry registry, DeadLetter letter) {
        return Counter.builder("flagstream.dead.letters")
                .description("Records written to the dead-letter topic, by source topic and error type")
                .tag("topic", letter.getSourceTopic())
                .tag("error_type", letter.getErrorType())
                .register(registry);
    }

    private static <T> Serde<T> counting(Serde<T> serde, Consumer<T> count) {
        Serializer<T> inner = serde.serializer();
        Serializer<T> counted = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T value) {
                byte[] bytes = inner.serialize(topic, value);
                if (value != null) {
                    count.accept(value);
                }
                return bytes;
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        return Serdes.serdeFrom(counted, serde.deserializer());
    }
}
