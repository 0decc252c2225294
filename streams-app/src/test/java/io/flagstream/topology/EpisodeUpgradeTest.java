package io.flagstream.topology;

import io.flagstream.state.Episode;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Episodes stored before they kept their last alert still load after the upgrade, without a last alert. */
class EpisodeUpgradeTest {
    @Test
    void anEpisodeWrittenWithoutLastAlertLoadsWithLastAlertNull() throws IOException {
        GenericRecord old = new GenericData.Record(InternalSerdes.EPISODE_BEFORE_LAST_ALERT);
        old.put("alertId", "a-1");
        old.put("revision", 2);
        old.put("episodeStart", 10L);
        old.put("lastFired", 20L);
        old.put("accounts", List.of("acct-1", "acct-2"));
        old.put("evidenceCount", 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(InternalSerdes.EPISODE_BEFORE_LAST_ALERT).write(old, encoder);
        encoder.flush();

        Episode episode = InternalSerdes.create().episode().deserializer().deserialize("episodes", bytes.toByteArray());

        assertThat(episode.getAlertId()).isEqualTo("a-1");
        assertThat(episode.getRevision()).isEqualTo(2);
        assertThat(episode.getAccounts()).containsExactly("acct-1", "acct-2");
        assertThat(episode.getLastAlert()).isNull();
    }

    @Test
    void anEpisodeWrittenWithoutItsAlertSourceLoadsWithTheSourceUnknown() throws IOException {
        GenericRecord old = new GenericData.Record(InternalSerdes.EPISODE_BEFORE_ALERT_SOURCE);
        old.put("alertId", "a-2");
        old.put("revision", 1);
        old.put("episodeStart", 10L);
        old.put("lastFired", 20L);
        old.put("accounts", List.of("acct-1"));
        old.put("evidenceCount", 2);
        old.put("lastAlert", null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(InternalSerdes.EPISODE_BEFORE_ALERT_SOURCE).write(old, encoder);
        encoder.flush();

        Episode episode = InternalSerdes.create().episode().deserializer().deserialize("episodes", bytes.toByteArray());

        assertThat(episode.getAlertId()).isEqualTo("a-2");
        assertThat(episode.getLastAlertSource()).isNull();
        assertThat(episode.getLastAlertOffset()).isEqualTo(-1L);
    }
}
