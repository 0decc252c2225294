package io.flagstream.serde;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.state.Episode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Episodes stored by earlier releases still load after the upgrade. */
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

    /** The previous release's format: a last alert without priority, no alert source. */
    @Test
    void anEpisodeOfThePreviousReleaseLoadsWithTheSourceUnknownAndItsLastAlertUnranked() throws IOException {
        Schema previous = InternalSerdes.EPISODE_BEFORE_ALERT_SOURCE;
        assertThat(previous.getField("lastAlert").schema().getTypes().get(1).getField("priority")).isNull();
        FraudAlert alert = FraudAlert.newBuilder()
                .setAlertId("a-2").setRevision(1).setRuleId("a16-shared-payout-instrument").setIndicator("A16")
                .setTitle("t").setDescription("d").setSeverity(Severity.HIGH).setEntity(new AlertEntity("instrument", "w-1"))
                .setAccounts(List.of("acct-1")).setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH)
                .setFirstSeen(Instant.EPOCH).setLastSeen(Instant.EPOCH).setEvidence(List.of()).setEvidenceCount(2)
                .setThresholds(List.of()).setParameters(Map.of()).setDetectedAt(Instant.EPOCH).setStatus("OPEN")
                .build();
        Episode old = new Episode("a-2", 1, 10L, 20L, List.of("acct-1"), 2, alert, null, -1L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        // The fields the previous release wrote come first in the same order, so a writer with its schema writes its bytes.
        new SpecificDatumWriter<Episode>(previous, SpecificData.getForClass(Episode.class)).write(old, encoder);
        encoder.flush();

        Episode episode = InternalSerdes.create().episode().deserializer().deserialize("episodes", bytes.toByteArray());

        assertThat(episode.getAlertId()).isEqualTo("a-2");
        assertThat(episode.getLastAlertSource()).isNull();
        assertThat(episode.getLastAlertOffset()).isEqualTo(-1L);
        assertThat(episode.getLastAlert().getAlertId()).isEqualTo("a-2");
        assertThat(episode.getLastAlert().getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(episode.getLastAlert().getPriority()).isZero();
        assertThat(episode.getLastAlert().getPriorityReasons()).isEmpty();
    }
}
