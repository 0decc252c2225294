package io.flagstream.serde;

import java.util.Objects;

/**
 * How a serializer finds the id it writes: under which subject, and whether it may register the schema,
 * must only look it up, or writes with the subject's latest version. Confluent's serializer options of the same names.
 *
 * @param subjectNameStrategy {@code value.subject.name.strategy}
 * @param autoRegister        {@code auto.register.schemas}: false for a registry where only a pipeline registers
 * @param useLatestVersion    {@code use.latest.version}: take the subject's latest version's id
 */
public record SchemaWriting(SubjectNameStrategy subjectNameStrategy, boolean autoRegister, boolean useLatestVersion) {

    /** Confluent's defaults: TopicNameStrategy, register on first use. */
    public static final SchemaWriting DEFAULT = new SchemaWriting(SubjectNameStrategy.TOPIC_NAME, true, false);

    public SchemaWriting {
        Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
    }

    public static SchemaWriting from(SchemaRegistrySettings settings) {
        return new SchemaWriting(settings.subjectNameStrategy(), settings.autoRegisterSchemas(), settings.useLatestVersion());
    }
}
