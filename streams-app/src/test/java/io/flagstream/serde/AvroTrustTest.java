package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.alerts.Severity;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.UUID;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The validator is JVM-global: each test starts from Avro's default and puts back what it found. */
class AvroTrustTest {

    private ClassSecurityPredicate before;

    @BeforeEach
    void startFromAvrosDefault() {
        before = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT);
    }

    @AfterEach
    void restore() {
        ClassSecurityValidator.setGlobal(before);
    }

    @Test
    void avroRefusesToDecodeGeneratedClassesUntilTheyAreTrusted() throws IOException {
        byte[] login = plainAvro(SampleRecords.login());

        assertThatThrownBy(() -> decodeWithAFreshModel(login))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("Forbidden io.flagstream.events.Login");

        AvroTrust.trustFlagStreamClasses();

        assertThat(decodeWithAFreshModel(login)).isEqualTo(SampleRecords.login());
    }

    @Test
    void keepsTheTrustAndTheRefusalTheApplicationConfigured() {
        ClassSecurityValidator.setGlobal(new ClassSecurityPredicate() {
            @Override
            public boolean isTrusted(Class<?> type) {
                return type == UUID.class;
            }

            @Override
            public void forbiddenClass(String className) {
                throw new SecurityException("refused by the application: " + className);
            }
        });

        AvroTrust.trustFlagStreamClasses();

        ClassSecurityPredicate trust = ClassSecurityValidator.getGlobal();
        assertThat(trust.isTrusted(UUID.class)).isTrue();
        assertThat(trust.isTrusted(Payout.class)).isTrue();
        assertThat(trust.isTrusted(Severity.class)).isTrue();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(File.class))
                .hasMessage("refused by the application: java.io.File");
    }

    @Test
    void trustsOnlyGeneratedTypesNotEveryFlagStreamClass() {
        AvroTrust.trustFlagStreamClasses();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroTrust.class)).isFalse();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(InMemorySchemaRegistry.class)).isFalse();
    }

    @Test
    void isIdempotent() {
        AvroTrust.trustFlagStreamClasses();
        ClassSecurityPredicate once = ClassSecurityValidator.getGlobal();

        AvroTrust.trustFlagStreamClasses();

        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(once);
    }

    @Test
    void theSerdesTrustOnConstructionSoNobodyCanForget() {
        new InternalAvroSerde<>(Payout.class);

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Payout.class)).isTrue();

        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT);
        new AvroWireSerde<>(Payout.class, new InMemorySchemaRegistry(), false);

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Payout.class)).isTrue();
    }

    /**
     * Decodes with a model of its own: the generated class's model caches classes it has already loaded,
     * and with it the check would pass whenever an earlier test had decoded a Login.
     */
    private static Login decodeWithAFreshModel(byte[] bytes) throws IOException {
        SpecificData fresh = new SpecificData();
        fresh.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return new SpecificDatumReader<Login>(Login.getClassSchema(), Login.getClassSchema(), fresh)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static byte[] plainAvro(Login login) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Login.class).write(login, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
