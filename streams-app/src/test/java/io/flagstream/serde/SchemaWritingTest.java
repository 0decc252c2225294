package io.flagstream.serde;

import static io.flagstream.serde.SampleRecords.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.events.Payout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Confluent's serializer options: subject name strategies, auto.register.schemas=false, use.latest.version. */
class SchemaWritingTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @ParameterizedTest
    @CsvSource({
            "TopicNameStrategy, payouts-value",
            "RecordNameStrategy, io.flagstream.events.Payout",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, payouts-io.flagstream.events.Payout"})
    void namesTheSubjectAsTheStrategySays(String strategy, String subject) {
        write(new SchemaWriting(SubjectNameStrategy.parse(strategy), true, false));

        assertThat(registry.subjects()).containsExactly(subject);
    }

    @Test
    void withoutAutoRegisterLooksTheSchemaUpAndWritesItsId() {
        registry.register("payouts-value", FraudAlert.getClassSchema());
        int id = registry.register("payouts-value", Payout.getClassSchema());

        byte[] bytes = write(new SchemaWriting(SubjectNameStrategy.TOPIC_NAME, false, false));

        assertThat(idOf(bytes)).isEqualTo(id);
        assertThat(registry.versions("payouts-value")).hasSize(2);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSetting() {
        assertThatThrownBy(() -> write(new SchemaWriting(SubjectNameStrategy.TOPIC_NAME, false, false)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject payouts-value")
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void useLatestVersionWritesTheLatestIdWhenItEncodesTheSame() {
        int id = registry.register("payouts-value", Payout.getClassSchema());

        assertThat(idOf(write(new SchemaWriting(SubjectNameStrategy.TOPIC_NAME, false, true)))).isEqualTo(id);
    }

    @Test
    void useLatestVersionRefusesALatestVersionThatEncodesDifferently() {
        registry.register("payouts-value", new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"Payout\", \"namespace\": \"io.flagstream.events\", \"fields\": []}"));

        assertThatThrownBy(() -> write(new SchemaWriting(SubjectNameStrategy.TOPIC_NAME, false, true)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("use.latest.version=true");
    }

    @Test
    void anUnknownStrategyIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> SubjectNameStrategy.parse("ByColourStrategy"))
                .hasMessageContaining("[TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy]");
    }

    private byte[] write(SchemaWriting writing) {
        return new AvroWireSerde<>(Payout.class, registry, false, writing).serializer().serialize("payouts", payout(1));
    }

    private static int idOf(byte[] bytes) {
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, 1, 5)).getInt();
    }
}
