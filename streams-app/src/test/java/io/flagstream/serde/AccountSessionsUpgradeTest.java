package io.flagstream.serde;

import io.flagstream.state.AccountSessions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A3's session records of the release that kept each session's samples inside still load after the upgrade. */
class AccountSessionsUpgradeTest {
    @Test
    void sessionsWrittenWithTheirSamplesInsideLoadWithTheirBoundsAndNoSampleTimes() throws IOException {
        Schema span = InternalSerdes.ACCOUNT_SESSIONS_WITH_SAMPLES.getField("sessions").schema().getElementType();
        Schema sample = span.getField("last").schema();
        GenericRecord event = new GenericData.Record(sample);
        event.put("eventId", "e-1");
        event.put("source", "logins");
        event.put("timestamp", 10L);
        event.put("facts", Map.of("kind", "HEARTBEAT"));
        GenericRecord session = new GenericData.Record(span);
        session.put("accountId", "acct-1");
        session.put("start", 10L);
        session.put("end", 70L);
        session.put("events", 3L);
        session.put("samples", List.of(event));
        session.put("last", event);
        GenericRecord old = new GenericData.Record(InternalSerdes.ACCOUNT_SESSIONS_WITH_SAMPLES);
        old.put("sessions", List.of(session));
        // the previous release wrote single-object encoding: marker, its schema's fingerprint, body
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), InternalSerdes.ACCOUNT_SESSIONS_WITH_SAMPLES)
                .encode(old).array();

        AccountSessions loaded = InternalSerdes.accountSessions().deserializer().deserialize("a3", bytes);

        assertThat(loaded.getSessions()).singleElement().satisfies(s -> {
            assertThat(List.of(s.getStart(), s.getEnd(), s.getEvents())).containsExactly(10L, 70L, 3L);
            assertThat(s.getSampleTimes()).isEmpty();
        });
    }
}
