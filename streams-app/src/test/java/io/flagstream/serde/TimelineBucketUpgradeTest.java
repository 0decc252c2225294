package io.flagstream.serde;

import io.flagstream.state.TimelineBucket;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeline buckets stored while they counted occurrences and overflow still load after the upgrade. */
class TimelineBucketUpgradeTest {
    @Test
    void aBucketWrittenWithCountsLoadsWithItsItemsAndTheirFirstAndLastOccurrences() throws IOException {
        Schema old = InternalSerdes.TIMELINE_BUCKET_WITH_COUNTS;
        Schema item = old.getField("items").schema().getElementType();
        GenericRecord bucket = new GenericData.Record(old);
        bucket.put("items", List.of(item(item, "acct-1", "e-1", "e-2", 5L), item(item, "acct-2", "e-3", null, 1L)));
        bucket.put("overflow", 7L);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(bucket);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        TimelineBucket loaded = InternalSerdes.timelineBucket().deserializer().deserialize("timeline", bytes);

        assertThat(loaded.getItems()).hasSize(2);
        assertThat(loaded.getItems().get(0).getItem()).isEqualTo("acct-1");
        assertThat(loaded.getItems().get(0).getFirst().getEventId()).isEqualTo("e-1");
        assertThat(loaded.getItems().get(0).getLast().getEventId()).isEqualTo("e-2");
        assertThat(loaded.getItems().get(1).getLast()).isNull();
    }

    private static GenericRecord item(Schema schema, String item, String first, String last, long occurrences) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("item", item);
        record.put("first", event(schema.getField("first").schema(), first));
        record.put("last", last == null ? null : event(schema.getField("first").schema(), last));
        record.put("occurrences", occurrences);
        return record;
    }

    private static GenericRecord event(Schema schema, String id) {
        GenericRecord event = new GenericData.Record(schema);
        event.put("eventId", id);
        event.put("source", "payouts");
        event.put("accountId", "acct");
        event.put("timestamp", 1L);
        event.put("subject", "w-1");
        event.put("facts", Map.of());
        return event;
    }
}
