package io.flagstream.serde;

import java.util.Arrays;
import org.apache.avro.Schema;

/**
 * How a record's registry subject is named, as Confluent's serializers name it ({@code value.subject.name.strategy}).
 * TopicNameStrategy ties one schema (and its evolution) to a topic; the record-name strategies let one topic carry
 * several record types, each evolving under its own subject.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: Confluent's default. */
    TOPIC_NAME("TopicNameStrategy"),
    /** The record's full name, e.g. {@code io.flagstream.alerts.FraudAlert}, whatever the topic. */
    RECORD_NAME("RecordNameStrategy"),
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy");

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentName;

    SubjectNameStrategy(String confluentName) {
        this.confluentName = confluentName;
    }

    /** The subject for a record of {@code schema} written to {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /** Confluent's class name without its package, e.g. {@code TopicNameStrategy}. */
    public String confluentName() {
        return confluentName;
    }

    /**
     * Reads Confluent's simple or fully qualified class name ({@code RecordNameStrategy},
     * {@code io.confluent.kafka.serializers.subject.RecordNameStrategy}), as a Confluent client config would say it.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static SubjectNameStrategy parse(String text) {
        String name = text.strip();
        if (name.startsWith(CONFLUENT_PACKAGE)) {
            name = name.substring(CONFLUENT_PACKAGE.length());
        }
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.confluentName.equalsIgnoreCase(name) || strategy.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(SubjectNameStrategy::confluentName)
                .toList() + " (optionally with the package " + CONFLUENT_PACKAGE + "), not '" + text + "'");
    }
}
