package io.flagstream.serde;

import static io.flagstream.serde.SampleRecords.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.events.Payout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireSerdeTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroWireSerde<Payout> payouts = new AvroWireSerde<>(Payout.class, registry, false);

    @Test
    void writesMagicByteThenBigEndianSchemaIdThenPlainAvroBinary() throws IOException {
        AlertEntity entity = new AlertEntity("account", "acct-1");
        AvroWireSerde<AlertEntity> serde = new AvroWireSerde<>(AlertEntity.class, registryAssigning(0x01020304), false);

        byte[] bytes = serde.serializer().serialize("entities", entity);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "00" // magic byte
                + "01020304" // schema id 16909060, big-endian
                + "0e" + "6163636f756e74" // "account": zig-zag length 7, then UTF-8
                + "0c" + "616363742d31"); // "acct-1": zig-zag length 6, then UTF-8
        assertThat(Arrays.copyOfRange(bytes, AvroWireSerde.HEADER_SIZE, bytes.length)).isEqualTo(plainAvro(entity));
        assertThat(serde.deserializer().deserialize("entities", bytes)).isEqualTo(entity);
    }

    @Test
    void registersTheValueSchemaUnderTopicValueAndTheKeySchemaUnderTopicKey() {
        new AvroWireSerde<>(Payout.class, registry, false).serializer().serialize("payouts", payout(1));
        new AvroWireSerde<>(AlertEntity.class, registry, true).serializer()
                .serialize("alerts-by-entity", new AlertEntity("account", "acct-1"));

        assertThat(registry.subjects()).containsExactly("alerts-by-entity-key", "payouts-value");
        assertThat(registry.versions("payouts-value")).containsExactly(Payout.getClassSchema());
    }

    static Stream<SpecificRecord> records() {
        return Stream.of(
                payout(1),
                SampleRecords.payoutWithoutOptionals(),
                SampleRecords.login(),
                SampleRecords.accountChange(),
                SampleRecords.fraudAlert(),
                SampleRecords.deadLetter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends SpecificRecord> void roundTripsEveryPublicRecord(T record) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        AvroWireSerde<T> serde = new AvroWireSerde<>(type, registry, false);

        byte[] bytes = serde.serializer().serialize("topic", record);

        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(record);
    }

    @Test
    void keepsTheDecimalAmountExactly() {
        Payout read = payouts.deserializer().deserialize("payouts", payouts.serializer().serialize("payouts", payout(1)));

        assertThat(read.getAmount()).isEqualByComparingTo("1235.5600").hasScaleOf(4);
    }

    @Test
    void refusesAnAmountWithMoreDecimalsThanTheSchemaAllowsNamingTheTopic() {
        Payout tooPrecise = Payout.newBuilder(payout(1)).setAmount(new BigDecimal("1.23456")).build();

        assertThatThrownBy(() -> payouts.serializer().serialize("payouts", tooPrecise))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.flagstream.events.Payout")
                .hasMessageContaining("topic payouts");
    }

    @Test
    void passesNullThroughBothWays() {
        assertThat(payouts.serializer().serialize("payouts", null)).isNull();
        assertThat(payouts.deserializer().deserialize("payouts", null)).isNull();
    }

    @Test
    void rejectsAnUnknownMagicByte() {
        byte[] json = "{\"eventId\":\"payout-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Record on topic payouts: unknown magic byte 0x7b — not Confluent wire format");
    }

    @Test
    void rejectsARecordShorterThanTheHeader() {
        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic payouts has 3 bytes, fewer than the 5-byte Confluent wire format header");
    }

    @Test
    void rejectsAnUnknownSchemaIdNamingTheIdAndTheTopic() {
        byte[] unknownId = {0, 0, 0, 0, 99, 2, 'x'};

        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic payouts")
                .hasMessageContaining("schema id 99")
                .hasMessageContaining("Schema 99 not found")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void rejectsATruncatedBodyNamingTheTopic() {
        byte[] whole = payouts.serializer().serialize("payouts", payout(1));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic payouts")
                .hasMessageContaining("schema id 1")
                .hasMessageContaining("io.flagstream.events.Payout");
    }

    @Test
    void rejectsBytesLeftOverAfterTheRecord() {
        byte[] whole = payouts.serializer().serialize("payouts", payout(1));
        byte[] padded = Arrays.copyOf(whole, whole.length + 2);

        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic payouts")
                .hasMessageContaining("bytes left over after the record");
    }

    @Test
    void rejectsAGarbageBodyClaimingAHugeStringBeforeAllocatingIt() {
        payouts.serializer().serialize("payouts", payout(1)); // registers id 1
        // Schema id 1, then a string length of 2^30 (zig-zag varint) with no bytes behind it.
        byte[] garbage = HexFormat.of().parseHex("0000000001" + "8080808008");

        assertThatThrownBy(() -> payouts.deserializer().deserialize("payouts", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic payouts")
                .hasMessageContaining("Attempted to read 1073741824 bytes, but only 0 bytes are available");
    }

    @Test
    void decodesARecordFromAnotherSerdeInstanceThroughTheRegistry() {
        byte[] bytes = payouts.serializer().serialize("payouts", payout(1));

        Payout read = new AvroWireSerde<>(Payout.class, registry, false).deserializer().deserialize("payouts", bytes);

        assertThat(read).isEqualTo(payout(1));
    }

    @Test
    void callsTheRegistryOnceToWriteAndOnceToReadAThousandRecords() {
        CountingRegistry counting = new CountingRegistry(registry);
        AvroWireSerde<Payout> serde = new AvroWireSerde<>(Payout.class, counting, false);
        List<Payout> written = IntStream.range(0, 1_000).mapToObj(SampleRecords::payout).toList();

        List<byte[]> bytes = written.stream().map(p -> serde.serializer().serialize("payouts", p)).toList();
        List<Payout> read = new ArrayList<>();
        bytes.forEach(b -> read.add(serde.deserializer().deserialize("payouts", b)));

        assertThat(read).isEqualTo(written);
        assertThat(counting.registerCalls()).isEqualTo(1);
        assertThat(counting.schemaByIdCalls()).isEqualTo(1);
    }

    /** A registry that assigns {@code id} to everything, to pin header bytes that are all different. */
    private static SchemaRegistryClient registryAssigning(int id) {
        return new SchemaRegistryClient() {
            private volatile Schema registered;

            @Override
            public int register(String subject, Schema schema) {
                registered = schema;
                return id;
            }

            @Override
            public Schema schemaById(int requested) {
                if (requested != id) {
                    throw new SchemaRegistryException("Schema " + requested + " not found", 404, 40403);
                }
                return registered;
            }
        };
    }

    /** The plain Avro binary encoding, by Avro's own API, independent of the serde. */
    private static <T extends SpecificRecord> byte[] plainAvro(T record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        new SpecificDatumWriter<>(type).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
