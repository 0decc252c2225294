package io.flagstream.bench;

import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.serde.SchemaRegistryClient;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase 5: event → alert latency under a steady load.
 *
 * <p>Fresh topics per configuration, inputs and alerts created with {@code message.timestamp.type=LogAppendTime},
 * so the broker stamps every record with its append time. A generator produces at a fixed rate, with event
 * time = now: benign traffic (logins of a pool of 10,000 accounts from their own IP, now and then a payout
 * to their own bank account) and, {@code casesPerSecond} times a second, one planted A16 case: three fresh
 * accounts each paying one fresh crypto wallet, one right after the other. The producer's acknowledgement
 * carries the append time of each planted payout.
 *
 * <p>A {@code read_committed} consumer reads the alerts. An A16 alert (revision 0) for a planted wallet is
 * correlated with its inputs by the evidence event ids; latency = the alert's append time − the newest
 * append time of its evidence events (the event that completed the case). The consumer's receive time is
 * reported too: under exactly-once an alert is appended when the transaction writes it but is visible only
 * after the commit. Cases planted in the first 10 % of the run (warm-up) are not counted.
 */
final class LatencyPhase {
    static final String A16 = "a16-shared-payout-instrument";
    private static final int POOL = 10_000;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private LatencyPhase() {
    }

    static Results.Latency run(Admin admin, SchemaRegistryClient registry, String registryScope, String bootstrap, Path stateDir,
                               String runId, Combo combo, int partitions, double rate, double casesPerSecond, Duration duration)
            throws Exception {
        String prefix = "lat-" + runId + "-" + combo.label() + "-";
        Map<String, String> settings = FlagStreamRuns.settings(bootstrap, registryScope, prefix + "app", stateDir, combo, List.of(), List.of());
        settings.putAll(TopicNames.prefixedSettings(prefix));
        FlagStreamConfig config = ConfigLoader.load(settings, System.getenv());
        Topics topics = Topics.create(config.topics(), registry);
        Harness.createAppTopics(admin, topics, partitions, Map.of("message.timestamp.type", "LogAppendTime"));

        Map<String, Long> inputAppend = new ConcurrentHashMap<>();
        Map<String, Long> casePlantedAt = new ConcurrentHashMap<>(); // wallet -> System.nanoTime of its last payout
        List<Arrival> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long begin = System.nanoTime();
        try (FlagStreamApp app = FlagStreamApp.start(config, registry, Clock.systemUTC());
             AlertCollector collector = new AlertCollector(bootstrap, topics, arrivals)) {
            awaitRunning(app.streams(), combo);
            collector.start();
            long sent = 0;
            long cases = 0;
            long warmupCases = 0;
            long eventsPerCase = Math.max(4, Math.round(rate / casesPerSecond));
            long start = System.nanoTime();
            long warmupEnd = start + duration.toNanos() / 10;
            long end = start + duration.toNanos();
            try (KafkaProducer<String, byte[]> producer = Loader.producer(bootstrap, 5)) {
                int caseStep = -1;
                String wallet = null;
                while (System.nanoTime() < end) {
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    if (sent >= due) {
                        TimeUnit.MICROSECONDS.sleep(500);
                        continue;
                    }
                    while (sent < due) {
                        long now = System.currentTimeMillis();
                        if (caseStep < 0 && sent % eventsPerCase == 0) {
                            caseStep = 0;
                            cases++;
                            if (System.nanoTime() < warmupEnd) {
                                warmupCases++;
                            }
                            wallet = "lat-wallet-" + cases + (System.nanoTime() < warmupEnd ? "-warmup" : "");
                        }
                        if (caseStep >= 0) {
                            String account = "lat-case-" + cases + "-" + caseStep;
                            Payout p = payout(account + "-p", account, now, wallet, InstrumentType.CRYPTO_WALLET);
                            String id = p.getEventId();
                            producer.send(new ProducerRecord<>(topics.payouts().name(), null, now, account,
                                    Loader.serialize(topics.payouts(), p)), (md, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else {
                                    inputAppend.put(id, md.timestamp());
                                }
                            });
                            if (++caseStep == 3) {
                                caseStep = -1;
                                casePlantedAt.put(wallet, System.nanoTime());
                            }
                        } else {
                            int i = (int) (sent % POOL);
                            String account = String.format("lat-acct-%05d", i);
                            if (sent % 50 == 7) {
                                Payout p = payout("lat-e" + sent, account, now, "bank-" + account, InstrumentType.BANK_ACCOUNT);
                                producer.send(new ProducerRecord<>(topics.payouts().name(), null, now, account,
                                        Loader.serialize(topics.payouts(), p)), failureCallback(failure));
                            } else {
                                Login l = Login.newBuilder().setEventId("lat-e" + sent).setAccountId(account)
                                        .setTimestamp(Instant.ofEpochMilli(now)).setKind(LoginKind.HEARTBEAT)
                                        .setSessionId("s-" + i).setIp("10.1." + (i / 250) + "." + (i % 250 + 1))
                                        .setIpCountry("US").setIpType(IpType.RESIDENTIAL).setDeviceId("dev-" + i)
                                        .setOpenPorts(List.of()).build();
                                producer.send(new ProducerRecord<>(topics.logins().name(), null, now, account,
                                        Loader.serialize(topics.logins(), l)), failureCallback(failure));
                            }
                        }
                        sent++;
                    }
                }
                producer.flush();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Wait until every counted case has its alert, or DRAIN passed.
            long drainEnd = System.nanoTime() + DRAIN.toNanos();
            Set<String> measuredWallets = ConcurrentHashMap.newKeySet();
            casePlantedAt.keySet().stream().filter(w -> !w.endsWith("-warmup")).forEach(measuredWallets::add);
            while (System.nanoTime() < drainEnd && !collector.wallets().containsAll(measuredWallets)) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            List<Long> toAppend = new ArrayList<>();
            List<Long> toVisible = new ArrayList<>();
            long withoutAlert = measuredWallets.stream().filter(w -> !collector.wallets().contains(w)).count();
            synchronized (arrivals) {
                for (Arrival a : arrivals) {
                    if (a.wallet().endsWith("-warmup")) {
                        continue;
                    }
                    long input = a.evidenceIds().stream().map(inputAppend::get).filter(java.util.Objects::nonNull)
                            .mapToLong(Long::longValue).max().orElse(-1);
                    if (input < 0) {
                        continue;
                    }
                    toAppend.add(a.appendTime() - input);
                    toVisible.add(a.receivedAt() - input);
                }
            }
            long late = FlagStreamRuns.lateEventsDropped(app.streams());
            String message = String.format("%.1f s at the target rate, %d warm-up cases not counted, %d late events dropped, %.1f s in all",
                    seconds, warmupCases, late, (System.nanoTime() - begin) / 1e9);
            return new Results.Latency(combo.label(), Results.OK, message, rate, sent / seconds, seconds, sent, cases,
                    toAppend.size(), withoutAlert, Results.Percentiles.of(toAppend), Results.Percentiles.of(toVisible));
        } finally {
            Footprint.deleteInternalTopics(admin, config.kafka().applicationId());
        }
    }

    private static org.apache.kafka.clients.producer.Callback failureCallback(AtomicReference<Exception> failure) {
        return (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
    }

    static Payout payout(String eventId, String account, long now, String fingerprint, InstrumentType type) {
        return Payout.newBuilder().setEventId(eventId).setAccountId(account).setTimestamp(Instant.ofEpochMilli(now))
                .setAmount(new BigDecimal("250.0000")).setCurrency("USD")
                .setInstrument(PaymentInstrument.newBuilder().setType(type).setFingerprint(fingerprint).setCountry("US")
                        .setProvider(type == InstrumentType.CRYPTO_WALLET ? "Example Exchange" : "Bank").setHolderName(null).build())
                .setRequestIp(null).setIntermediary(null).build();
    }

    private static void awaitRunning(KafkaStreams streams, Combo combo) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new PhaseTimeoutException("latency " + combo, Duration.ofSeconds(60), "never reached RUNNING, state " + streams.state());
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("latency " + combo + ": the Streams client stopped: " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** One A16 alert for a planted wallet: broker append time, local receive time, evidence ids. */
    record Arrival(String wallet, long appendTime, long receivedAt, List<String> evidenceIds) {
    }

    /** Reads the alerts topic ({@code read_committed}) and keeps the first revision of every planted-wallet A16 alert. */
    private static final class AlertCollector extends Thread implements AutoCloseable {
        private final KafkaConsumer<String, FraudAlert> consumer;
        private final List<Arrival> arrivals;
        private final Set<String> wallets = ConcurrentHashMap.newKeySet();
        private volatile boolean running = true;

        AlertCollector(String bootstrap, Topics topics, List<Arrival> arrivals) {
            super("bench-alert-collector");
            this.arrivals = arrivals;
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-alerts-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                    topics.alerts().keySerde().deserializer(), topics.alerts().valueSerde().deserializer());
            consumer.subscribe(List.of(topics.alerts().name()));
        }

        Set<String> wallets() {
            return wallets;
        }

        @Override
        public void run() {
            while (running) {
                for (ConsumerRecord<String, FraudAlert> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    FraudAlert a = r.value();
                    if (a == null || !A16.equals(a.getRuleId()) || a.getRevision() != 0
                            || !a.getEntity().getId().startsWith("lat-wallet-")) {
                        continue;
                    }
                    if (wallets.add(a.getEntity().getId())) {
                        arrivals.add(new Arrival(a.getEntity().getId(), r.timestamp(), received,
                                a.getEvidence().stream().map(Evidence::getEventId).toList()));
                    }
                }
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
            consumer.close();
        }
    }
}
