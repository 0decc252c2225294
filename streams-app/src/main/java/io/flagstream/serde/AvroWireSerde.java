package io.flagstream.serde;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for generated Avro classes in the Confluent wire format, so that records interoperate with
 * Confluent's {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer}: one magic byte {@code 0}, the
 * writer schema's registry id as four big-endian bytes, then the Avro binary encoding.
 *
 * <p>Subjects follow a {@link SubjectNameStrategy}, by default Confluent's TopicNameStrategy ({@code <topic>-key}
 * or {@code <topic>-value}). Serializing registers the class's schema once per topic, or with
 * {@link SchemaWriting#autoRegister()} off only looks it up, or with {@link SchemaWriting#useLatestVersion()}
 * takes the subject's latest version (which must encode exactly as the class's schema does). Deserializing
 * resolves the writer schema named by the id into the generated class, so records written with an older or
 * newer compatible version of the schema read as the current class (defaults fill missing fields, unknown
 * fields are skipped).
 *
 * <p>Fully configured by its constructor: {@link #configure} is a no-op. Thread-safe; share one instance
 * per topic and role.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MAGIC_BYTE = 0;
    /** Magic byte plus the four-byte schema id. */
    static final int HEADER_SIZE = 5;

    private final Class<T> type;
    private final SchemaRegistryClient registry;
    private final boolean isKey;
    private final SchemaWriting writing;
    /** The class's own model: it carries the logical-type conversions (decimal, timestamp) of generated code. */
    private final SpecificData model;
    private final Schema schema;
    private final DatumWriter<T> writer;
    /** The header per topic: the id is looked up once, then every record copies these five bytes. */
    private final ConcurrentMap<String, byte[]> headersByTopic = new ConcurrentHashMap<>();
    /** One resolving reader per writer schema: building one per record costs several times the decoding. */
    private final ConcurrentMap<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    /**
     * @param type     the generated class to write, and to read into
     * @param registry where writer schemas are registered and looked up
     * @param isKey    whether this serde is for record keys (subject {@code <topic>-key}) or values
     */
    public AvroWireSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        this(type, registry, isKey, SchemaWriting.DEFAULT);
    }

    /**
     * @param writing how the serializer names the subject and finds the id it writes
     */
    public AvroWireSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey, SchemaWriting writing) {
        AvroTrust.trustFlagStreamClasses();
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.writing = Objects.requireNonNull(writing, "writing");
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    /** The registry subject for {@code topic} under the configured strategy. */
    String subject(String topic) {
        return writing.subjectNameStrategy().subject(topic, isKey, schema);
    }

    private byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // a tombstone stays a tombstone
        }
        try {
            return AvroBinary.encode(writer, record, header(topic));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private byte[] header(String topic) {
        byte[] header = headersByTopic.get(topic);
        if (header == null) {
            int id = writerId(topic, subject(topic));
            header = new byte[] {MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
            headersByTopic.putIfAbsent(topic, header);
        }
        return header;
    }

    private int writerId(String topic, String subject) {
        try {
            if (writing.useLatestVersion()) {
                SchemaRegistryClient.SubjectVersion latest = registry.latest(subject);
                // Same parsing canonical form = same binary encoding: readers of the latest version read ours exactly.
                if (!SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
                    throw new SerializationException("With " + SchemaRegistrySettings.USE_LATEST_VERSION + "=true, the latest"
                            + " version (" + latest.version() + ", id " + latest.id() + ") of subject " + subject
                            + " must encode as " + type.getName() + " does, but it differs; register this build's schema"
                            + " or turn " + SchemaRegistrySettings.USE_LATEST_VERSION + " off");
                }
                return latest.id();
            }
            return writing.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            String hint = !writing.autoRegister() && e.isNotFound() ? " (" + SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS
                    + "=false: register it in the registry first)" : "";
            throw new SerializationException("Cannot " + (writing.autoRegister() && !writing.useLatestVersion() ? "register" : "find")
                    + " the schema of " + type.getName() + " under subject " + subject + " for topic " + topic + ": "
                    + e.getMessage() + hint, e);
        }
    }

    private T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Record on topic %s: unknown magic byte 0x%02x — not Confluent wire format", topic, data[0] & 0xff));
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " has " + data.length
                    + " bytes, fewer than the " + HEADER_SIZE + "-byte Confluent wire format header");
        }
        int id = (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
        DatumReader<T> reader = readerFor(topic, id);
        try {
            return AvroBinary.decode(reader, data, HEADER_SIZE);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize a record on topic " + topic + " written with schema id "
                    + id + " as " + type.getName() + ": " + e, e);
        }
    }

    private DatumReader<T> readerFor(String topic, int id) {
        DatumReader<T> reader = readersByWriterId.get(id);
        if (reader == null) {
            Schema writerSchema;
            try {
                writerSchema = registry.schemaById(id);
            } catch (SchemaRegistryException e) {
                // Not cached: a registry that was down may answer for the next record.
                throw new SerializationException("Record on topic " + topic + ": cannot get its writer schema id " + id
                        + " from the schema registry: " + e.getMessage(), e);
            }
            reader = new SpecificDatumReader<>(writerSchema, schema, model);
            DatumReader<T> raced = readersByWriterId.putIfAbsent(id, reader);
            if (raced != null) {
                reader = raced;
            }
        }
        return reader;
    }
}
