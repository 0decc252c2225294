package io.flagstream.app;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.live.LiveStateDeadLetters;
import io.flagstream.topics.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The live-state reader's dead letters, sent by a producer of our own (the global thread has none it may use),
 * with the same client settings (security included) as the Streams client. Sent without waiting: the global
 * thread must not stall on the dead-letter topic; a failed send is logged.
 */
final class LiveStateDeadLetterProducer implements LiveStateDeadLetters, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStateDeadLetterProducer.class);

    private final KafkaProducer<String, DeadLetter> producer;
    private final String topic;

    LiveStateDeadLetterProducer(Properties streamsProperties, Topic<String, DeadLetter> deadLetters) {
        Map<String, Object> props = new HashMap<>();
        streamsProperties.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString()) && v instanceof String) {
                props.put(k.toString(), v);
            }
        });
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, streamsProperties.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-live-state-dead-letters");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, deadLetters.keySerde().serializer(), deadLetters.valueSerde().serializer());
        this.topic = deadLetters.name();
    }

    @Override
    public void send(DeadLetter letter) {
        String key = letter.getKey() == null ? null : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
        producer.send(new ProducerRecord<>(topic, key, letter), (metadata, e) -> {
            if (e != null) {
                log.error("Could not dead-letter an unreadable live-state record: {}", letter.getReason(), e);
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
