package io.flagstream.it;

import static org.awaitility.Awaitility.await;

import io.flagstream.config.TopicNames;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.serde.SchemaRegistryClient;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the end-to-end tests do with an {@link Environment}: settings for one run of the app, its topics
 * (created and led), and input events produced as the platform's producers would.
 */
final class ItKafka {
    private static final Duration LEADERS_WAIT = Duration.ofSeconds(120);

    private ItKafka() {
    }

    /** The settings of one instance of the run's application: the run's topics and application id; HTTP port 0. */
    static Map<String, String> settings(Environment environment, String run, String guarantee, Path stateDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("flagstream.bootstrap.servers", environment.bootstrapServers());
        settings.put("flagstream.schema.registry.url", environment.schemaRegistryUrl());
        settings.put("flagstream.application.id", "flagstream-" + run);
        settings.put("flagstream.processing.guarantee", guarantee);
        settings.put("flagstream.state.dir", stateDir.toString());
        settings.put("flagstream.http.port", "0");
        settings.putAll(TopicNames.prefixedSettings(run + "-"));
        return settings;
    }

    /**
     * Creates every topic the app checks at start-up: the data topics with {@code partitions} partitions, the
     * control topics (config, allow-list, watch-list, live state, audit) with one, as the app requires.
     */
    static void createAppTopics(Admin admin, TopicNames names, int partitions) {
        createTopics(admin, partitions, names.payouts(), names.logins(), names.accountChanges(), names.alerts(),
                names.deadLetter(), names.findings());
        createTopics(admin, 1, names.config(), names.allowList(), names.watchList(), names.liveState(), names.audit());
    }

    /**
     * Creates the topics and waits until the cluster describes them with a leader for every partition: a
     * topic the controller has just created can be unknown to the broker that answers next for a moment,
     * and the app's start-up check would then (rightly) call it missing.
     */
    static void createTopics(Admin admin, int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        try {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + List.of(names), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("topics " + List.of(names) + " described with a leader for each of their " + partitions + " partitions")
                .atMost(LEADERS_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> allLed(admin, List.of(names), partitions));
    }

    private static boolean allLed(Admin admin, List<String> names, int partitions) throws InterruptedException {
        try {
            return admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException | TimeoutException e) {
            return false; // not known to the broker that answered yet
        }
    }

    static KafkaProducer<String, byte[]> producer(Environment environment) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends an event Avro-encoded by the topic's own serde, keyed by account, with record time = event time. */
    static Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, Topics topics, SpecificRecord event) {
        if (event instanceof Payout p) {
            return producer.send(record(topics.payouts(), p.getAccountId(), p.getTimestamp(), p));
        }
        if (event instanceof AccountChange c) {
            return producer.send(record(topics.accountChanges(), c.getAccountId(), c.getTimestamp(), c));
        }
        if (event instanceof Login l) {
            return producer.send(record(topics.logins(), l.getAccountId(), l.getTimestamp(), l));
        }
        throw new IllegalArgumentException("No input topic for " + event.getClass().getName());
    }

    /**
     * A payout as a producer that has moved to a newer schema would send it: the Payout schema with an optional
     * field added ({@code channel}, set to {@code "mobile-app"}), registered as a new version of the topic's subject,
     * in the Confluent wire format under its new id.
     */
    static Future<RecordMetadata> sendWithNewerSchema(KafkaProducer<String, byte[]> producer, SchemaRegistryClient registry,
                                                      String topic, Payout payout) throws IOException {
        List<Schema.Field> fields = new ArrayList<>();
        Payout.getClassSchema().getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("channel", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "How the payout was requested (added by the producer after FlagStream was built).", JsonProperties.NULL_VALUE));
        Schema newer = Schema.createRecord(Payout.getClassSchema().getName(), null, Payout.getClassSchema().getNamespace(), false, fields);
        int id = registry.register(topic + "-value", newer);
        GenericRecord record = new GenericData.Record(newer);
        Payout.getClassSchema().getFields().forEach(f -> record.put(f.name(), payout.get(f.name())));
        record.put("channel", "mobile-app");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(newer, SpecificData.getForClass(Payout.class)).write(record, encoder);
        encoder.flush();
        return producer.send(new ProducerRecord<>(topic, null, payout.getTimestamp().toEpochMilli(), payout.getAccountId(), bytes.toByteArray()));
    }

    private static <T> ProducerRecord<String, byte[]> record(Topic<String, T> topic, String account, Instant time, T event) {
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
        return new ProducerRecord<>(topic.name(), null, time.toEpochMilli(), account, value);
    }

    static Instant eventTime(SpecificRecord event) {
        if (event instanceof Payout p) {
            return p.getTimestamp();
        }
        if (event instanceof AccountChange c) {
            return c.getTimestamp();
        }
        if (event instanceof Login l) {
            return l.getTimestamp();
        }
        throw new IllegalArgumentException("No event time for " + event.getClass().getName());
    }

    static String account(SpecificRecord event) {
        if (event instanceof Payout p) {
            return p.getAccountId();
        }
        if (event instanceof AccountChange c) {
            return c.getAccountId();
        }
        if (event instanceof Login l) {
            return l.getAccountId();
        }
        throw new IllegalArgumentException("No account for " + event.getClass().getName());
    }
}
