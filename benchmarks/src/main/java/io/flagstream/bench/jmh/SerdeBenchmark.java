package io.flagstream.bench.jmh;

import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.serde.AvroWireSerde;
import io.flagstream.serde.InMemorySchemaRegistry;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost per record of FlagStream's {@code AvroWireSerde} (Confluent wire format: header, registry lookup
 * cached per topic / writer id, per-thread encoder and decoder reuse, leftover-bytes check) against plain
 * Avro {@code SpecificDatumWriter} / {@code SpecificDatumReader} on the same Avro body (the wire bytes
 * after the 5-byte header), for a Payout and a Login as the simulator writes them.
 *
 * <p>The plain baselines reuse their encoder/decoder and buffer as well, so the difference is what the wire
 * format and the serde's checks cost. Few forks and iterations by default; see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerdeBenchmark {
    private static final int HEADER = 5;

    private Payout payout;
    private Login login;
    private Serializer<Payout> payoutSerializer;
    private Deserializer<Payout> payoutDeserializer;
    private Serializer<Login> loginSerializer;
    private Deserializer<Login> loginDeserializer;
    private byte[] payoutWire;
    private byte[] loginWire;

    private SpecificDatumWriter<Payout> payoutWriter;
    private SpecificDatumReader<Payout> payoutReader;
    private SpecificDatumWriter<Login> loginWriter;
    private SpecificDatumReader<Login> loginReader;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroWireSerde<Payout> payoutSerde = new AvroWireSerde<>(Payout.class, registry, false);
        AvroWireSerde<Login> loginSerde = new AvroWireSerde<>(Login.class, registry, false);
        payoutSerializer = payoutSerde.serializer();
        payoutDeserializer = payoutSerde.deserializer();
        loginSerializer = loginSerde.serializer();
        loginDeserializer = loginSerde.deserializer();
        Instant t = Instant.parse("2026-03-02T10:15:30.123Z");
        payout = Payout.newBuilder().setEventId("sim42-123456").setAccountId("acct-01234").setTimestamp(t)
                .setAmount(new BigDecimal("1234.5600")).setCurrency("USD")
                .setInstrument(PaymentInstrument.newBuilder().setType(InstrumentType.BANK_ACCOUNT).setFingerprint("bank-acct-01234")
                        .setCountry("PL").setHolderName("Anna Kowalski").setProvider("Bank").build())
                .setRequestIp("10.12.34.56")
                .setIntermediary(Intermediary.newBuilder().setName("Acme Pay").setCountry("AE").build())
                .build();
        login = Login.newBuilder().setEventId("sim42-123457").setAccountId("acct-01234").setTimestamp(t)
                .setKind(LoginKind.HEARTBEAT).setSessionId("s-sim42-99").setIp("10.12.34.56").setIpCountry("PL")
                .setIpType(IpType.RESIDENTIAL).setDeviceId("dev-5f2a9c").setOpenPorts(List.of()).build();
        payoutWire = payoutSerializer.serialize("payouts", payout);
        loginWire = loginSerializer.serialize("logins", login);

        SpecificData payoutModel = SpecificData.getForClass(Payout.class);
        SpecificData loginModel = SpecificData.getForClass(Login.class);
        payoutWriter = new SpecificDatumWriter<>(Payout.getClassSchema(), payoutModel);
        payoutReader = new SpecificDatumReader<>(Payout.getClassSchema(), Payout.getClassSchema(), payoutModel);
        loginWriter = new SpecificDatumWriter<>(Login.getClassSchema(), loginModel);
        loginReader = new SpecificDatumReader<>(Login.getClassSchema(), Login.getClassSchema(), loginModel);
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
    }

    @Benchmark
    public Payout payoutDecodeWireSerde() {
        return payoutDeserializer.deserialize("payouts", payoutWire);
    }

    @Benchmark
    public Payout payoutDecodePlainAvro() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(payoutWire, HEADER, payoutWire.length - HEADER, decoder);
        return payoutReader.read(null, decoder);
    }

    @Benchmark
    public byte[] payoutEncodeWireSerde() {
        return payoutSerializer.serialize("payouts", payout);
    }

    @Benchmark
    public byte[] payoutEncodePlainAvro() throws IOException {
        buffer.reset();
        payoutWriter.write(payout, encoder);
        return buffer.toByteArray();
    }

    @Benchmark
    public Login loginDecodeWireSerde() {
        return loginDeserializer.deserialize("logins", loginWire);
    }

    @Benchmark
    public Login loginDecodePlainAvro() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(loginWire, HEADER, loginWire.length - HEADER, decoder);
        return loginReader.read(null, decoder);
    }

    @Benchmark
    public byte[] loginEncodeWireSerde() {
        return loginSerializer.serialize("logins", login);
    }

    @Benchmark
    public byte[] loginEncodePlainAvro() throws IOException {
        buffer.reset();
        loginWriter.write(login, encoder);
        return buffer.toByteArray();
    }
}
