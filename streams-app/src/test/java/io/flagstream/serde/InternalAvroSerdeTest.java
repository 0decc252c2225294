package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalAvroSerdeTest {

    private static final String CHANGELOG = "flagstream-a16-payers-store-changelog";

    private final InternalAvroSerde<ObservedEvent> observed = new InternalAvroSerde<>(ObservedEvent.class);

    private static byte[] plain(ObservedEvent event) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
        new SpecificDatumWriter<>(ObservedEvent.class).write(event, encoder);
        encoder.flush();
        return plain.toByteArray();
    }

    /** ObservedEvent with one more field at the end, as a later release might have dropped it. */
    private static Schema withExtraField(Schema current) {
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("retired", Schema.create(Schema.Type.LONG), null, 0L));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static byte[] singleObject(Schema writer, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0xC3, 0x01});
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SchemaNormalization.parsingFingerprint64(writer)).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer, GenericData.get()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesAvroSingleObjectEncodingNamingTheWriterSchemaByItsFingerprint() throws IOException {
        byte[] bytes = observed.serializer().serialize(CHANGELOG, SampleRecords.observedEvent());

        ByteBuffer header = ByteBuffer.wrap(bytes, 0, InternalAvroSerde.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.get()).isEqualTo((byte) 0xC3);
        assertThat(header.get()).isEqualTo((byte) 0x01);
        assertThat(header.getLong()).isEqualTo(SchemaNormalization.parsingFingerprint64(ObservedEvent.getClassSchema()));
        assertThat(Arrays.copyOfRange(bytes, InternalAvroSerde.HEADER_BYTES, bytes.length)).isEqualTo(plain(SampleRecords.observedEvent()));
    }

    @Test
    void readsHeaderlessValuesOfEarlierReleases() throws IOException {
        assertThat(observed.deserializer().deserialize(CHANGELOG, plain(SampleRecords.observedEvent())))
                .isEqualTo(SampleRecords.observedEvent());
    }

    /** A state schema change needs no reset: the old schema kept as an earlier writer reads what it wrote. */
    @Test
    void readsValuesWrittenWithAnEarlierWriterSchemaByItsFingerprint() {
        Schema current = ObservedEvent.getClassSchema();
        Schema earlier = withExtraField(current);
        InternalAvroSerde<ObservedEvent> upgraded = new InternalAvroSerde<>(ObservedEvent.class, earlier);
        GenericRecord old = new GenericData.Record(earlier);
        for (Schema.Field f : current.getFields()) {
            old.put(f.name(), GenericData.get().deepCopy(f.schema(), SampleRecords.observedEvent().get(f.name())));
        }
        old.put("retired", 42L);

        ObservedEvent read = upgraded.deserializer().deserialize(CHANGELOG, singleObject(earlier, old));

        assertThat(read).isEqualTo(SampleRecords.observedEvent());
        assertThatThrownBy(() -> observed.deserializer().deserialize(CHANGELOG, singleObject(earlier, old)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown here: keep that schema as an earlier writer");
    }

    @Test
    void roundTripsTheStateRecords() {
        InternalAvroSerde<Episode> episodes = new InternalAvroSerde<>(Episode.class);

        assertThat(observed.deserializer().deserialize(CHANGELOG,
                observed.serializer().serialize(CHANGELOG, SampleRecords.observedEvent())))
                .isEqualTo(SampleRecords.observedEvent());
        assertThat(episodes.deserializer().deserialize(CHANGELOG,
                episodes.serializer().serialize(CHANGELOG, SampleRecords.episode())))
                .isEqualTo(SampleRecords.episode());
    }

    @Test
    void passesNullThroughBothWays() {
        assertThat(observed.serializer().serialize(CHANGELOG, null)).isNull();
        assertThat(observed.deserializer().deserialize(CHANGELOG, null)).isNull();
    }

    @Test
    void rejectsATruncatedValueNamingTheTopicAndTheClass() {
        byte[] whole = observed.serializer().serialize(CHANGELOG, SampleRecords.observedEvent());

        assertThatThrownBy(() -> observed.deserializer().deserialize(CHANGELOG, Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(CHANGELOG)
                .hasMessageContaining("io.flagstream.state.ObservedEvent");
    }
}
