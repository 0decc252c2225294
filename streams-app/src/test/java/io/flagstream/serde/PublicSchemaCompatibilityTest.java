package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Producers and SIEM consumers upgrade on their own schedule: every public schema must stay readable by the
 * previous release's readers and must read what the previous release's writers produced (registry FULL).
 */
class PublicSchemaCompatibilityTest {

    private static Schema.Parser released;

    @BeforeAll
    static void parseReleasedSchemas() throws IOException {
        released = new Schema.Parser();
        // Shared types first: the events refer to them by name.
        for (String file : new String[] {"events/common/PaymentInstrument", "events/Payout", "events/Login",
                "events/AccountChange", "alerts/FraudAlert", "alerts/DeadLetter", "control/AllowListEntry",
                "control/WatchListItem"}) {
            try (InputStream in = PublicSchemaCompatibilityTest.class.getResourceAsStream("/released-schemas/" + file + ".avsc")) {
                assertThat(in).as("released schema %s", file).isNotNull();
                released.parse(in);
            }
        }
    }

    static Stream<Arguments> publicSchemas() {
        return Stream.of(Payout.getClassSchema(), Login.getClassSchema(), AccountChange.getClassSchema(),
                FraudAlert.getClassSchema(), DeadLetter.getClassSchema(), AllowListEntry.getClassSchema(),
                        WatchListItem.getClassSchema())
                .map(current -> Arguments.of(current.getFullName(), current));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicSchemas")
    void theCurrentReaderReadsWhatTheReleasedWriterWrote(String name, Schema current) {
        Schema previous = released.getTypes().get(name);
        assertThat(previous).as("released %s", name).isNotNull();
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicSchemas")
    void theReleasedReaderReadsWhatTheCurrentWriterWrites(String name, Schema current) {
        Schema previous = released.getTypes().get(name);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(previous, current);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /**
     * Events wait in join buffers and repartition topics, allow-list and watch-list entries in the live-state topic, encoded by
     * {@link InternalAvroSerde}: after a public schema changes, the bytes the released schema wrote must still
     * load (its previous version kept as an earlier writer in {@link InternalSerdes}).
     */
    @Test
    void internalCopiesWrittenWithTheReleasedSchemasStayReadable() throws IOException {
        InternalSerdes serdes = InternalSerdes.create();
        assertThat(readBack(serdes.payout(), SampleRecords.payout(1))).isEqualTo(SampleRecords.payout(1));
        assertThat(readBack(serdes.login(), SampleRecords.login())).isEqualTo(SampleRecords.login());
        assertThat(readBack(serdes.accountChange(), SampleRecords.accountChange())).isEqualTo(SampleRecords.accountChange());
        AllowListEntry entry = AllowListEntry.newBuilder().setEntityType("account").setEntityId("acct-1")
                .setReason("payroll provider").setCreatedBy("soc@example.com").setCreatedAt(SampleRecords.T0).build();
        assertThat(readBack(InternalSerdes.allowListEntry(), entry)).isEqualTo(entry);
        WatchListItem item = WatchListItem.newBuilder().setId("CASE-7").setKind("name").setValue("Pacific Trade Ltd.")
                .setAliases(List.of("Korea Pacific Trading Company")).setPrograms(List.of("DPRK3")).setReason("OFAC update")
                .setCreatedBy("soc@example.com").setCreatedAt(SampleRecords.T0).build();
        assertThat(readBack(InternalSerdes.watchListItem(), item)).isEqualTo(item);
    }

    /** The record as the released schema would have written it (Avro's own single-object encoder), read back. */
    private static <T extends SpecificRecord> T readBack(InternalAvroSerde<T> serde, T record) throws IOException {
        Schema current = record.getSchema();
        Schema previous = released.getTypes().get(current.getFullName());
        ByteArrayOutputStream currentBytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(currentBytes, null);
        new SpecificDatumWriter<T>(current).write(record, encoder);
        encoder.flush();
        GenericRecord asReleased = new GenericDatumReader<GenericRecord>(current, previous)
                .read(null, DecoderFactory.get().binaryDecoder(currentBytes.toByteArray(), null));
        byte[] releasedBytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous).encode(asReleased).array();
        return serde.deserializer().deserialize("internal-topic", releasedBytes);
    }

    @Test
    void aNewFieldWithoutADefaultWouldFailTheCheck() {
        Schema previous = released.getTypes().get(Payout.getClassSchema().getFullName());
        var fields = new ArrayList<Schema.Field>();
        previous.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("mandatoryNewField", Schema.create(Schema.Type.STRING), "no default"));
        Schema withRequiredField = Schema.createRecord(previous.getName(), previous.getDoc(), previous.getNamespace(), false, fields);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, previous).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }
}
