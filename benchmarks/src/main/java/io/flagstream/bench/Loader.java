package io.flagstream.bench;

import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.SimEvent;
import io.flagstream.sim.Simulator;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase 1: generates simulator events and produces exactly {@code events} of them onto the three input
 * topics in the Confluent wire format, keyed by account, record time = event time.
 *
 * <p>The simulator generates a whole population day by day; the harness picks the number of accounts
 * for a 14-day period (the minimum with planted operator teams) so that it generates a little more than
 * asked, and stops at exactly {@code events} (the last simulated day is then cut short). The period ends
 * yesterday, so no event is future-dated; the prelude of account-creation events lies up to two years in
 * the past. {@code withoutPrelude} leaves that prelude out (its two-year event-time span makes Kafka
 * Streams' segmented window stores open a RocksDB segment per segment interval of event time, a fixed
 * cost that dominates small runs).
 */
final class Loader {
    static final int DAYS = 14;
    /** Events per benign account over 14 days, measured on the demo population (≈ 33.9), rounded down. */
    private static final double EVENTS_PER_ACCOUNT = 30.0;

    private final String bootstrap;
    private final Topics topics;
    private Simulator simulator;

    Loader(String bootstrap, Topics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /** The simulator behind the last load (for its allow-lists). */
    Simulator simulator() {
        return simulator;
    }

    Results.Load load(long events, long seed, boolean withoutPrelude, Duration timeout) throws InterruptedException {
        int accounts = (int) Math.max(100, Math.ceil(events / EVENTS_PER_ACCOUNT));
        Instant start = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        DemoScenario scenario = new DemoScenario(seed, accounts, DAYS, start, 3);
        simulator = new Simulator(scenario);
        Map<String, Long> perTopic = new LinkedHashMap<>();
        perTopic.put(topics.payouts().name(), 0L);
        perTopic.put(topics.logins().name(), 0L);
        perTopic.put(topics.accountChanges().name(), 0L);
        Set<String> accountIds = new HashSet<>();
        long[] sent = {0};
        long[] bytes = {0};
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            try {
                long periodStart = start.toEpochMilli();
                simulator.run(e -> {
                    if (sent[0] >= events) {
                        throw Enough.INSTANCE;
                    }
                    if (withoutPrelude && e.timestamp() < periodStart) {
                        return;
                    }
                    if ((sent[0] & 0xfff) == 0) {
                        if (System.nanoTime() > deadline) {
                            throw new PhaseTimeoutException("load", timeout, "produced " + sent[0] + " of " + events + " events");
                        }
                        if (sendFailure.get() != null) {
                            throw new IllegalStateException("load: a send failed: " + sendFailure.get(), sendFailure.get());
                        }
                    }
                    byte[] value = serialize(e);
                    String topic = topicOf(e);
                    producer.send(new ProducerRecord<>(topic, null, e.timestamp(), e.accountId(), value), (md, ex) -> {
                        if (ex != null) {
                            sendFailure.compareAndSet(null, ex);
                        }
                    });
                    perTopic.merge(topic, 1L, Long::sum);
                    accountIds.add(e.accountId());
                    bytes[0] += value.length;
                    sent[0]++;
                });
            } catch (Enough done) {
                // exactly `events` produced
            }
            producer.flush();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("load: a send failed: " + sendFailure.get(), sendFailure.get());
        }
        if (sent[0] < events) {
            throw new IllegalStateException("load: the simulator generated only " + sent[0] + " events for " + accounts
                    + " accounts, fewer than the " + events + " asked (raise EVENTS_PER_ACCOUNT's margin)");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Results.Load(sent[0], perTopic, accountIds.size(), accounts, DAYS, seconds, sent[0] / seconds, bytes[0]);
    }

    private String topicOf(SimEvent e) {
        return switch (e.kind()) {
            case PAYOUT -> topics.payouts().name();
            case LOGIN -> topics.logins().name();
            case ACCOUNT_CHANGE -> topics.accountChanges().name();
        };
    }

    private byte[] serialize(SimEvent e) {
        return switch (e.kind()) {
            case PAYOUT -> serialize(topics.payouts(), e.event());
            case LOGIN -> serialize(topics.logins(), e.event());
            case ACCOUNT_CHANGE -> serialize(topics.accountChanges(), e.event());
        };
    }

    @SuppressWarnings("unchecked")
    static <T> byte[] serialize(Topic<String, T> topic, Object event) {
        return topic.valueSerde().serializer().serialize(topic.name(), (T) event);
    }

    /** The demo's producer settings: acks=all (the default), batches of up to 256 KiB, lz4. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return producer(bootstrap, 20);
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Stops the simulator once enough events were produced. */
    private static final class Enough extends RuntimeException {
        static final Enough INSTANCE = new Enough();

        private Enough() {
            super(null, null, false, false);
        }
    }

    static List<String> inputNames(Topics topics) {
        return List.of(topics.payouts().name(), topics.logins().name(), topics.accountChanges().name());
    }

    static void sleep(long ms) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(ms);
    }
}
