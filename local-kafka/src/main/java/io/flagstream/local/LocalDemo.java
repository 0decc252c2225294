package io.flagstream.local;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.errors.DeadLetters;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import io.flagstream.sim.SimEvent;
import io.flagstream.sim.Simulator;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The product's main job on a laptop: a real broker, FlagStream, seeded traffic with planted operators,
 * alerts printed as they arrive, and a summary scored against the planted ground truth. Bounded: it stops
 * by itself and leaves nothing running.
 */
public final class LocalDemo {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneOffset.UTC);
    private static final int PARTITIONS = 3;

    private final DemoScenario scenario;
    private final Duration timeout;
    private final PrintStream out;
    private final Map<String, FraudAlert> alerts = new ConcurrentHashMap<>();
    private final List<FraudAlert> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger deadLetters = new AtomicInteger();
    private final AtomicInteger lateLetters = new AtomicInteger();
    private final double daysPerSecond;
    private long pacingStart;

    public LocalDemo(long seed, int accounts, int days, int teams, double daysPerSecond, Duration timeout, PrintStream out) {
        this.daysPerSecond = daysPerSecond;
        this.scenario = new DemoScenario(seed, accounts, days, periodStart(LocalDate.now(ZoneOffset.UTC), days), teams);
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * Midnight UTC of the period's first day: the latest day at least {@code days} before {@code today} on the
     * weekday of {@link DemoScenario#demo()}'s first day. Event times are recent, as on a live platform, and
     * none is in the future. The weekday matters: the simulator's draws follow the calendar (weekends, paydays),
     * so a period starting on another weekday is another population's behaviour, and the demo's alerts would
     * change from one day to the next. On the same weekday they are the same events, a whole number of weeks later
     * ({@code LocalDemoPeriodTest}), and the same seed gives the same alerts as {@code replay} of {@code simulate}.
     */
    static Instant periodStart(LocalDate today, int days) {
        LocalDate latest = today.minusDays(days);
        DayOfWeek weekday = DemoScenario.demo().start().atZone(ZoneOffset.UTC).getDayOfWeek();
        return latest.with(TemporalAdjusters.previousOrSame(weekday)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** True when every input record was processed before the timeout. */
    public boolean run() throws Exception {
        long started = System.nanoTime();
        Path stateDir = Files.createTempDirectory("flagstream-demo-state");
        String scope = "demo-" + UUID.randomUUID();
        out.println("Starting an Apache Kafka broker (KRaft, in this JVM)...");
        Simulator simulator = new Simulator(scenario);
        // Accounts were opened up to a year before the period: keep input records of any age.
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("log.retention.ms", "-1").start()) {
            FlagStreamConfig config = ConfigLoader.load(Map.of(
                    "flagstream.bootstrap.servers", kafka.bootstrapServers(),
                    "flagstream.application.id", "flagstream-demo-" + UUID.randomUUID().toString().substring(0, 8),
                    "flagstream.schema.registry.url", "mock://" + scope,
                    "flagstream.state.dir", stateDir.toString(),
                    "flagstream.http.port", "-1",
                    // The demo compresses a day into a second, so a second of consumer skew between partitions
                    // is a day of event time: give the detectors a backfill-sized grace.
                    "flagstream.detectors.grace", "7d",
                    // The production default is exactly-once; on the demo's one embedded broker its transactions hit
                    // repeated OutOfOrderSequence/CONCURRENT_TRANSACTIONS retries under the demo's load (2026-12-04:
                    // timed out after 3 min, 36 of 45 found), so the demo keeps at-least-once, as before.
                    "flagstream.processing.guarantee", "at_least_once",
                    // What a platform knows and allow-lists: its customers' corporate egress IPs and the agencies'
                    // payout accounts.
                    "flagstream.allow-list.ips", String.join(",", simulator.corporateEgressIps()),
                    "flagstream.allow-list.instruments", String.join(",", simulator.agencyInstruments())), Map.of());
            kafka.createTopics(PARTITIONS, config.topics().payouts(), config.topics().logins(), config.topics().accountChanges(),
                    config.topics().alerts());
            kafka.createTopics(1, config.topics().deadLetter(), config.topics().audit());
            kafka.createCompactedTopics(PARTITIONS, config.topics().findings());
            kafka.createCompactedTopics(1, config.topics().config(), config.topics().allowList(), config.topics().watchList(),
                    config.topics().liveState());
            InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
            Topics topics = Topics.create(config.topics(), registry);
            out.printf("Broker up at %s in %.1f s. Starting FlagStream (%s)...%n", kafka.bootstrapServers(),
                    kafka.startupDuration().toMillis() / 1000.0, config.kafka().applicationId());

            try (FlagStreamApp app = FlagStreamApp.start(config, registry, Clock.systemUTC());
                 AlertWatcher watcher = new AlertWatcher(kafka.bootstrapServers(), topics)) {
                watcher.start();
                awaitRunning(app.streams());
                out.printf("Streaming %d accounts over %d days (seed %d) with %d planted operator teams...%n%n",
                        scenario.accounts(), scenario.days(), scenario.seed(), scenario.operatorTeams());
                pacingStart = System.nanoTime();
                Map<String, Long> produced;
                GroundTruth truth;
                try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                    produced = new HashMap<>();
                    truth = simulator.run(e -> {
                        pace(e.timestamp());
                        send(producer, topics, e, produced);
                    });
                    sendBadRecords(producer, topics, produced);
                    producer.flush();
                }
                boolean done = ProgressWatcher.awaitProcessed(kafka.admin(), config.kafka().applicationId(),
                        List.of(config.topics().payouts(), config.topics().logins(), config.topics().accountChanges()), timeout);
                watcher.awaitQuiet(Duration.ofSeconds(3));
                printSummary(truth, produced, done, started, lateEventsDropped(app.streams()));
                return done;
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            deleteQuietly(stateDir);
        }
    }

    /**
     * Streams the simulated days at {@code daysPerSecond}, like live traffic sped up, rather than dumping
     * them all at once: a backlog makes the app's partitions drift apart in event time, and events later
     * than a detector's grace are (correctly) dropped.
     */
    private void pace(long eventTime) {
        long simulatedMs = eventTime - scenario.start().toEpochMilli();
        long dueNanos = pacingStart + (long) (simulatedMs / 86_400_000.0 / daysPerSecond * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, Topics topics, SimEvent e, Map<String, Long> produced) {
        String topic = switch (e.kind()) {
            case PAYOUT -> topics.payouts().name();
            case LOGIN -> topics.logins().name();
            case ACCOUNT_CHANGE -> topics.accountChanges().name();
        };
        byte[] value = switch (e.kind()) {
            case PAYOUT -> serialize(topics.payouts(), e.event());
            case LOGIN -> serialize(topics.logins(), e.event());
            case ACCOUNT_CHANGE -> serialize(topics.accountChanges(), e.event());
        };
        // Record time = event time, as a well-behaved producer sets it.
        producer.send(new ProducerRecord<>(topic, null, e.timestamp(), e.accountId(), value));
        produced.merge(topic, 1L, Long::sum);
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] serialize(Topic<String, T> topic, Object event) {
        Serializer<T> serializer = topic.valueSerde().serializer();
        return serializer.serialize(topic.name(), (T) event);
    }

    /** Two records FlagStream cannot use: they must reach the dead-letter topic while the rest flows on. */
    private void sendBadRecords(KafkaProducer<String, byte[]> producer, Topics topics, Map<String, Long> produced) {
        Instant t = scenario.start().plus(Duration.ofDays(scenario.days() - 1));
        producer.send(new ProducerRecord<>(topics.payouts().name(), null, t.toEpochMilli(), "acct-00001",
                "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)));
        Payout negative = Payout.newBuilder().setEventId("bad-payout-1").setAccountId("acct-00002").setTimestamp(t)
                .setAmount(new BigDecimal("-10.0000")).setCurrency("USD")
                .setInstrument(PaymentInstrument.newBuilder()
                        .setType(InstrumentType.BANK_ACCOUNT).setFingerprint("bank-acct-00002").build())
                .build();
        producer.send(new ProducerRecord<>(topics.payouts().name(), null, t.toEpochMilli(), "acct-00002",
                serialize(topics.payouts(), negative)));
        produced.merge(topics.payouts().name(), 2L, Long::sum);
    }

    /** The detectors' late-events-dropped-total metrics, by detector. */
    private static Map<String, Long> lateEventsDropped(KafkaStreams streams) {
        Map<String, Long> late = new java.util.TreeMap<>();
        streams.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("late-events-dropped-total"))
                .forEach(m -> {
                    long n = ((Number) m.metricValue()).longValue();
                    if (n > 0) {
                        late.merge(m.metricName().tags().getOrDefault("flagstream-id", "?"), n, Long::sum);
                    }
                });
        return late;
    }

    private void printSummary(GroundTruth truth, Map<String, Long> produced, boolean done, long started, Map<String, Long> late) {
        Scorecard card = Scorecard.of(truth, alerts.values());
        long events = produced.values().stream().mapToLong(Long::longValue).sum();
        out.println();
        out.println("==================== FlagStream demo summary ====================");
        out.printf("Events produced   %,d  (%s)%n", events, produced);
        out.printf("All processed     %s%n", done ? "yes" : "NO (timed out after " + timeout + ")");
        out.printf("Dead letters      %d (2 bad records were planted)%n", deadLetters.get());
        out.printf("Late, not counted %d (events older than a detector's state holds; dead-lettered as LATE: %d) %s%n",
                late.values().stream().mapToLong(Long::longValue).sum(), lateLetters.get(), late);
        out.printf("Alerts            %d (%d records incl. updates)%n", alerts.size(), received.size());
        out.printf("%-40s %7s %5s %6s %6s %5s %8s%n", "rule", "planted", "found", "missed", "alerts", "false", "op-other");
        card.byRule().values().forEach(r -> out.printf("%-40s %7d %5d %6d %6d %5d %8d%n",
                r.ruleId(), r.planted(), r.found(), r.missed(), r.alerts(), r.falseAlerts(), r.operatorHits()));
        card.missed().forEach(p -> out.printf("MISSED  %s %s %s: %s%n", p.ruleId(), p.entityType(), p.entityId(), p.story()));
        card.falseAlerts().forEach(a -> out.printf("FALSE   %s %s %s (%s): %s%n", a.getRuleId(), a.getEntity().getType(),
                a.getEntity().getId(), labels(truth, a), a.getDescription()));
        out.printf("Planted cases found: %d of %d; false alerts: %d %s; wall time %.1f s%n",
                card.foundTotal(), card.plantedTotal(), card.falseAlerts().size(), card.falseAlertsByLabel(),
                (System.nanoTime() - started) / 1e9);
    }

    private static String labels(GroundTruth truth, FraudAlert a) {
        Set<String> labels = new TreeSet<>();
        a.getAccounts().forEach(acct -> labels.add(truth.label(acct)));
        return String.join(",", labels);
    }

    private void print(FraudAlert a) {
        String kind = a.getRevision() == 0 ? "ALERT " : "UPDATE";
        out.printf("%s %s [%s %s] %s %s%n", kind, a.getRuleId(), a.getIndicator(), a.getSeverity(),
                a.getEntity().getType(), a.getEntity().getId());
        out.printf("       %s%n", a.getDescription());
        out.printf("       accounts: %s%n", String.join(", ", a.getAccounts()));
        out.printf("       window %s .. %s UTC, %d evidence events, alert id %s rev %d%n",
                DAY.format(a.getWindowStart()), DAY.format(a.getLastSeen()), a.getEvidenceCount(), a.getAlertId(), a.getRevision());
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("FlagStream did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Reads alerts and dead letters as they arrive and prints each alert. */
    private final class AlertWatcher extends Thread implements AutoCloseable {
        private final KafkaConsumer<String, FraudAlert> alertConsumer;
        private final KafkaConsumer<String, DeadLetter> deadLetterConsumer;
        private volatile boolean running = true;
        private volatile long lastArrival = System.nanoTime();

        AlertWatcher(String bootstrap, Topics topics) {
            super("demo-alert-watcher");
            Map<String, Object> props = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "demo-watcher-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            alertConsumer = new KafkaConsumer<>(props, topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer());
            alertConsumer.subscribe(List.of(topics.alerts().name()));
            deadLetterConsumer = new KafkaConsumer<>(props, topics.deadLetter().keySerde().deserializer(),
                    topics.deadLetter().valueSerde().deserializer());
            deadLetterConsumer.subscribe(List.of(topics.deadLetter().name()));
        }

        @Override
        public void run() {
            while (running) {
                for (ConsumerRecord<String, FraudAlert> r : alertConsumer.poll(Duration.ofMillis(100))) {
                    lastArrival = System.nanoTime();
                    received.add(r.value());
                    alerts.merge(r.value().getAlertId(), r.value(), (x, y) -> x.getRevision() >= y.getRevision() ? x : y);
                    print(r.value());
                }
                for (ConsumerRecord<String, DeadLetter> r : deadLetterConsumer.poll(Duration.ofMillis(10))) {
                    lastArrival = System.nanoTime();
                    if (DeadLetters.LATE.equals(r.value().getErrorType())) {
                        lateLetters.incrementAndGet(); // summed up at the end, by detector
                        continue;
                    }
                    deadLetters.incrementAndGet();
                    out.printf("DEAD LETTER %s[%d]@%d %s: %s%n", r.value().getSourceTopic(), r.value().getPartition(),
                            r.value().getOffset(), r.value().getErrorType(), r.value().getReason());
                }
            }
        }

        /** Waits until nothing has arrived for {@code quiet}: the app committed its last alerts. */
        void awaitQuiet(Duration quiet) throws InterruptedException {
            while (System.nanoTime() - lastArrival < quiet.toNanos()) {
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                join(5000);
            } catch (InterruptedException e) {
                // Close the consumers all the same; the caller sees the interrupt in its flag.
                Thread.currentThread().interrupt();
            }
            alertConsumer.close();
            deadLetterConsumer.close();
        }
    }
}
