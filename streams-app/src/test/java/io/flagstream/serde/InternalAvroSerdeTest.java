package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalAvroSerdeTest {

    private static final String CHANGELOG = "flagstream-a16-payers-store-changelog";

    private final InternalAvroSerde<ObservedEvent> observed = new InternalAvroSerde<>(ObservedEvent.class);

    @Test
    void writesPlainAvroBinaryWithoutAnyHeader() throws IOException {
        byte[] bytes = observed.serializer().serialize(CHANGELOG, SampleRecords.observedEvent());

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
        new SpecificDatumWriter<>(ObservedEvent.class).write(SampleRecords.observedEvent(), encoder);
        encoder.flush();
        assertThat(bytes).isEqualTo(plain.toByteArray());
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
