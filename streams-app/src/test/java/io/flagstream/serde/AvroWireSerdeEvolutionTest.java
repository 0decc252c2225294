package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Producers upgrade on their own schedule: records written with an older or a newer version of a schema
 * must read as the class this application was built with.
 */
class AvroWireSerdeEvolutionTest {

    /** Login as first published: no optional fields, and a shorter list of kinds. */
    private static final Schema LOGIN_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Login", "namespace": "io.flagstream.events", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "accountId", "type": "string"},
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "kind", "type": {"type": "enum", "name": "LoginKind",
                                        "symbols": ["LOGIN_SUCCESS", "LOGIN_FAILURE", "LOGOUT"]}},
              {"name": "ip", "type": "string"}
            ]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroWireSerde<Login> logins = new AvroWireSerde<>(Login.class, registry, false);

    @Test
    void readsARecordWrittenWithAnOlderSchemaFillingInTheDefaults() throws IOException {
        GenericRecord v1 = new GenericData.Record(LOGIN_V1);
        v1.put("eventId", "login-1");
        v1.put("accountId", "acct-1");
        v1.put("timestamp", SampleRecords.T0.toEpochMilli());
        // Ordinal 2 in v1 but 4 now: enums resolve by symbol, not by position.
        v1.put("kind", new GenericData.EnumSymbol(LOGIN_V1.getField("kind").schema(), "LOGOUT"));
        v1.put("ip", "203.0.113.7");
        int v1Id = registry.register("logins-value", LOGIN_V1);

        Login read = logins.deserializer().deserialize("logins", wireFormat(v1Id, v1, GenericData.get()));

        assertThat(read).isEqualTo(Login.newBuilder()
                .setEventId("login-1")
                .setAccountId("acct-1")
                .setTimestamp(SampleRecords.T0)
                .setKind(LoginKind.LOGOUT)
                .setIp("203.0.113.7")
                .build());
        assertThat(read.getIpType()).isEqualTo(IpType.UNKNOWN);
        assertThat(read.getOpenPorts()).isEmpty();
        assertThat(read.getSessionId()).isNull();
    }

    @Test
    void readsARecordWrittenWithANewerSchemaIgnoringTheFieldItAdded() throws IOException {
        Login current = SampleRecords.login();
        Schema v3 = withFieldAfter(Login.getClassSchema(), "accountId",
                new Schema.Field("riskScore", Schema.create(Schema.Type.DOUBLE)));
        GenericRecord newer = new GenericData.Record(v3);
        for (Schema.Field field : Login.getClassSchema().getFields()) {
            newer.put(field.name(), current.get(field.name()));
        }
        newer.put("riskScore", 0.97);
        int v3Id = registry.register("logins-value", v3);

        Login read = logins.deserializer().deserialize("logins",
                wireFormat(v3Id, newer, SpecificData.getForClass(Login.class)));

        assertThat(read).isEqualTo(current);
    }

    @Test
    void keepsOneReaderPerWriterSchemaSoEachVersionIsFetchedOnce() throws IOException {
        CountingRegistry counting = new CountingRegistry(registry);
        AvroWireSerde<Login> serde = new AvroWireSerde<>(Login.class, counting, false);
        byte[] current = serde.serializer().serialize("logins", SampleRecords.login());
        GenericRecord v1 = new GenericData.Record(LOGIN_V1);
        v1.put("eventId", "login-1");
        v1.put("accountId", "acct-1");
        v1.put("timestamp", 0L);
        v1.put("kind", new GenericData.EnumSymbol(LOGIN_V1.getField("kind").schema(), "LOGIN_SUCCESS"));
        v1.put("ip", "203.0.113.7");
        byte[] old = wireFormat(registry.register("logins-value", LOGIN_V1), v1, GenericData.get());

        for (int i = 0; i < 100; i++) {
            serde.deserializer().deserialize("logins", current);
            serde.deserializer().deserialize("logins", old);
        }

        assertThat(counting.schemaByIdCalls()).isEqualTo(2);
    }

    /** What a producer using {@code writerSchema} under registry id {@code id} would have sent. */
    private static byte[] wireFormat(int id, GenericRecord record, GenericData model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema(), model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A copy of {@code schema} with {@code added} inserted after the field {@code previous}. */
    private static Schema withFieldAfter(Schema schema, String previous, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
            if (field.name().equals(previous)) {
                fields.add(added);
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
