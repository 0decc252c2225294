package io.flagstream.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
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
 * Plain Avro binary, without registry or header, for state-store values ({@code io.flagstream.state.*}).
 *
 * <p>Store contents and their changelogs are read only by this application, so registering their
 * schemas would add a registry dependency to every restore for nothing. The price: the bytes do not say
 * which schema wrote them, so a state schema change that is not binary-identical makes old store contents
 * unreadable; change a state schema together with a store rename or an application reset, or keep the
 * earlier schema here ({@code earlierWriters}): bytes the current schema cannot read are tried with each earlier
 * writer schema in turn, resolved to the current one (fields added since get their defaults).
 *
 * <p>Thread-safe; the writer and reader are built once.
 */
public final class InternalAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte[] NO_HEADER = new byte[0];

    private final Class<T> type;
    private final DatumWriter<T> writer;
    private final DatumReader<T> reader;
    private final List<DatumReader<T>> earlierReaders;

    public InternalAvroSerde(Class<T> type, Schema... earlierWriters) {
        AvroTrust.trustFlagStreamClasses();
        this.type = Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
        List<DatumReader<T>> earlier = new ArrayList<>();
        for (Schema w : earlierWriters) {
            earlier.add(new SpecificDatumReader<>(w, schema, model));
        }
        this.earlierReaders = List.copyOf(earlier);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    private byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        try {
            return AvroBinary.encode(writer, record, NO_HEADER);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    private T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return AvroBinary.decode(reader, data, 0);
        } catch (IOException | RuntimeException e) {
            for (DatumReader<T> earlier : earlierReaders) {
                try {
                    return AvroBinary.decode(earlier, data, 0);
                } catch (IOException | RuntimeException ignored) {
                    // try the next earlier schema
                }
            }
            throw new SerializationException("Cannot deserialize " + type.getName() + " from " + topic + ": " + e, e);
        }
    }
}
