package io.flagstream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Avro single-object encoding (a 2-byte marker, the writer schema's 8-byte CRC-64-AVRO fingerprint, the binary
 * record), without registry, for state-store values and repartition topics ({@code io.flagstream.state.*}).
 *
 * <p>Store contents and their changelogs are read only by this application, so registering their
 * schemas would add a registry dependency to every restore for nothing. The fingerprint says which schema wrote
 * each value, so a state schema can change without a reset: keep the previous schema here
 * ({@code earlierWriters}) and values it wrote are resolved to the current one (fields added since get their
 * defaults). Values without the header were written by releases before this encoding: they are tried with the
 * current schema, then with each earlier writer in turn.
 *
 * <p>Thread-safe; the writer and readers are built once.
 */
public final class InternalAvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** The single-object encoding's marker (Avro specification, "Single-object encoding"). */
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_BYTES = 10;

    private final Class<T> type;
    private final DatumWriter<T> writer;
    private final byte[] header;
    private final Map<Long, DatumReader<T>> readersByFingerprint = new HashMap<>();
    /** For values written before the header: the current schema first, then the earlier ones. */
    private final List<DatumReader<T>> headerlessReaders;

    public InternalAvroSerde(Class<T> type, Schema... earlierWriters) {
        AvroTrust.trustFlagStreamClasses();
        this.type = Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.header = header(schema);
        List<DatumReader<T>> headerless = new ArrayList<>();
        for (Schema w : prepend(schema, earlierWriters)) {
            DatumReader<T> reader = new SpecificDatumReader<>(w, schema, model);
            readersByFingerprint.putIfAbsent(SchemaNormalization.parsingFingerprint64(w), reader);
            headerless.add(reader);
        }
        this.headerlessReaders = List.copyOf(headerless);
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
            return AvroBinary.encode(writer, record, header);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + type.getName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    private T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        DatumReader<T> byFingerprint = data.length >= HEADER_BYTES && data[0] == MARKER_0 && data[1] == MARKER_1
                ? readersByFingerprint.get(fingerprint(data)) : null;
        if (byFingerprint != null) {
            try {
                return AvroBinary.decode(byFingerprint, data, HEADER_BYTES);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot deserialize " + type.getName() + " from " + topic + ": " + e, e);
            }
        }
        // No header, or an unknown fingerprint: bytes of a release before this encoding (which may begin like a header).
        Exception first = null;
        for (DatumReader<T> reader : headerlessReaders) {
            try {
                return AvroBinary.decode(reader, data, 0);
            } catch (IOException | RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        String unknown = data.length >= HEADER_BYTES && data[0] == MARKER_0 && data[1] == MARKER_1
                ? " (written with schema fingerprint " + Long.toHexString(fingerprint(data))
                  + ", unknown here: keep that schema as an earlier writer in InternalSerdes)" : "";
        throw new SerializationException("Cannot deserialize " + type.getName() + " from " + topic + unknown + ": " + first, first);
    }

    private static byte[] header(Schema schema) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MARKER_0).put(MARKER_1).putLong(SchemaNormalization.parsingFingerprint64(schema));
        return header.array();
    }

    private static long fingerprint(byte[] data) {
        return ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static List<Schema> prepend(Schema first, Schema... rest) {
        List<Schema> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
