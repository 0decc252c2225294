package io.flagstream.replay;

import io.flagstream.config.TopicNames;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

class EventProducerTest {
    @TempDir
    Path dir;

    @Test
    void sendsWireFormatKeyedByAccountAtEventTimeInTimeOrder() throws IOException {
        Payout p = payout("acct-1").to("bank-1").at(T0.plusSeconds(60));
        Login l = login("acct-2").at(T0);
        Path file = Files.write(dir.resolve("e.jsonl"), List.of(EventJson.write(l), EventJson.write(p)));
        Topics topics = Topics.create(new TopicNames("p", "l", "c", "alerts", "dlq", "findings", "config", "allow-list", "watch-list", "live-state", "audit"), new InMemorySchemaRegistry());
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

        Map<String, Long> sent;
        try (MergedEvents m = new MergedEvents(List.of(new EventFileReader(file, true, e -> { })))) {
            sent = EventProducer.produce(m, topics, producer, null);
        }

        assertThat(sent).containsExactly(Map.entry("l", 1L), Map.entry("p", 1L));
        List<ProducerRecord<String, byte[]>> records = producer.history();
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("l", "p");
        assertThat(records).extracting(ProducerRecord::key).containsExactly("acct-2", "acct-1");
        assertThat(records).extracting(ProducerRecord::timestamp).containsExactly(T0.toEpochMilli(), T0.toEpochMilli() + 60_000);
        assertThat(records.get(1).value()[0]).isZero(); // Confluent magic byte
        assertThat(topics.payouts().valueSerde().deserializer().deserialize("p", records.get(1).value())).isEqualTo(p);
    }
}
