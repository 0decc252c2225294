package io.flagstream.replay;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.StreamsProperties;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import io.flagstream.topology.FlagStreamTopology;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Recorded events through the exact production topology ({@link FlagStreamTopology#build}) in a
 * {@link ReplayDriver} (Kafka's test driver without its per-record overhead): single-threaded, no broker, an in-memory registry scope of its own, events in
 * event-time order with record time = event time, keyed by account. The clock the topology sees is the
 * highest event time replayed so far ({@link ReplayClock}), so the same input gives byte-identical alerts,
 * {@code detectedAt} included.
 */
public final class Replay implements AutoCloseable {
    /** Settings a replay needs but a recorded run's properties file may lack; the broker is never contacted. */
    static final Map<String, String> REPLAY_DEFAULTS = Map.of(
            "flagstream.bootstrap.servers", "replay.invalid:9092",
            "flagstream.application.id", "flagstream-replay",
            // A replay's state lives as long as the run: memory, not disk.
            "flagstream.state.store-type", "in_memory");
    private static final int DRAIN_EVERY = 1000;
    private static final int DEAD_LETTER_SAMPLES = 5;

    private final String scope = "replay-" + UUID.randomUUID();
    private final Path stateDir;
    private final ReplayClock clock = new ReplayClock();
    private final ReplayDriver driver;
    private final Topic<String, FraudAlert> alertsTopic;
    private final Topic<String, DeadLetter> deadLetterTopic;
    private final Topics topics;
    private long piped;
    private long deadLetterCount;
    private final List<String> deadLetterSamples = new ArrayList<>();

    public Replay(FlagStreamConfig config) {
        Topics topics = Topics.create(config.topics(), InMemorySchemaRegistry.forScope(scope));
        try {
            stateDir = Files.createTempDirectory("flagstream-replay");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = StreamsProperties.from(config.kafka());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.topics = topics;
        alertsTopic = topics.alerts();
        deadLetterTopic = topics.deadLetter();
        // Without changelogs: a replay's state lives as long as the run and is never restored.
        driver = new ReplayDriver(FlagStreamTopology.build(new LiveSettings(config, clock), topics, clock, props,
                new UnloggedStores(config.kafka().storeType()), 1), props, Set.of(alertsTopic.name(), deadLetterTopic.name()));
    }

    /**
     * Replay configuration: {@link #REPLAY_DEFAULTS}, then the properties file (if any), then {@code FLAGSTREAM_*}
     * variables. The registry is always this replay's in-memory scope, whatever the file or environment say.
     */
    public static FlagStreamConfig config(Path propertiesFile, Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>(REPLAY_DEFAULTS);
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + propertiesFile + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k).trim()));
        }
        settings.put("flagstream.schema.registry.url", "mock://replay");
        Map<String, String> env = new HashMap<>(environment);
        env.keySet().removeIf(k -> k.startsWith("FLAGSTREAM_SCHEMA_REGISTRY_") || k.equals("FLAGSTREAM_BASIC_AUTH_USER_INFO"));
        return ConfigLoader.load(settings, env);
    }

    /** Pipes one event at its event time; the replay clock moves to it first. */
    public void pipe(ReplayEvent e) {
        clock.advanceTo(e.timestamp());
        switch (e.type()) {
            case PAYOUT -> pipe(topics.payouts(), e.accountId(), (Payout) e.event(), e.timestamp());
            case LOGIN -> pipe(topics.logins(), e.accountId(), (Login) e.event(), e.timestamp());
            case ACCOUNT_CHANGE -> pipe(topics.accountChanges(), e.accountId(), (AccountChange) e.event(), e.timestamp());
        }
        piped++;
    }

    /** As a test driver's input topic: empty headers, which the serializers may add to. */
    private <T> void pipe(Topic<String, T> topic, String key, T value, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        driver.pipe(topic.name(), topic.keySerde().serializer().serialize(topic.name(), headers, key),
                topic.valueSerde().serializer().serialize(topic.name(), headers, value), headers, timestamp);
    }

    /** Alert records emitted since the last call, in emission order. */
    public List<FraudAlert> drainAlerts() {
        drainDeadLetters();
        return read(alertsTopic);
    }

    public long deadLetters() {
        drainDeadLetters();
        return deadLetterCount;
    }

    public List<String> deadLetterSamples() {
        return Collections.unmodifiableList(deadLetterSamples);
    }

    private void drainDeadLetters() {
        for (DeadLetter d : read(deadLetterTopic)) {
            deadLetterCount++;
            if (deadLetterSamples.size() < DEAD_LETTER_SAMPLES) {
                deadLetterSamples.add(d.getSourceTopic() + " " + d.getErrorType() + ": " + d.getReason());
            }
        }
    }

    /**
     * Replays the merged files and writes every alert record as a JSON line to {@code alertsOut} (may be null).
     */
    public static Summary run(FlagStreamConfig config, MergedEvents events, Writer alertsOut, Progress progress) throws IOException {
        long started = System.nanoTime();
        Map<String, Integer> records = new TreeMap<>();
        Map<String, Set<String>> ids = new TreeMap<>();
        try (Replay replay = new Replay(config)) {
            ReplayEvent e;
            while ((e = events.next()) != null) {
                replay.pipe(e);
                if (replay.piped % DRAIN_EVERY == 0) {
                    write(replay.drainAlerts(), alertsOut, records, ids);
                }
                if (progress != null) {
                    progress.update(replay.piped, events.size() == 0 ? Double.NaN : (double) events.bytesRead() / events.size());
                }
            }
            write(replay.drainAlerts(), alertsOut, records, ids);
            if (alertsOut != null) {
                alertsOut.flush();
            }
            if (progress != null) {
                progress.finish();
            }
            Map<String, Integer> distinct = new TreeMap<>();
            ids.forEach((rule, set) -> distinct.put(rule, set.size()));
            return new Summary(replay.piped, events.badLines(), events.outOfOrder(), replay.deadLetters(),
                    List.copyOf(replay.deadLetterSamples()), distinct, records, (System.nanoTime() - started) / 1e9);
        }
    }

    private static void write(List<FraudAlert> batch, Writer out, Map<String, Integer> records,
                              Map<String, Set<String>> ids) throws IOException {
        for (FraudAlert a : batch) {
            records.merge(a.getRuleId(), 1, Integer::sum);
            ids.computeIfAbsent(a.getRuleId(), r -> new HashSet<>()).add(a.getAlertId());
            if (out != null) {
                out.write(EventJson.writeAlert(a));
                out.write('\n');
            }
        }
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            deleteQuietly(stateDir);
        }
    }

    private <T> List<T> read(Topic<String, T> topic) {
        List<T> values = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : driver.drain(topic.name())) {
            values.add(topic.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value()));
        }
        return values;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /**
     * What a replay did.
     *
     * @param alertsByRule       distinct alert ids per rule
     * @param alertRecordsByRule alert records (revisions included) per rule
     * @param outOfOrder         events earlier than an event before them in the same file
     */
    public record Summary(long events, long badLines, long outOfOrder, long deadLetters, List<String> deadLetterSamples,
                          Map<String, Integer> alertsByRule, Map<String, Integer> alertRecordsByRule, double seconds) {
        public double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }

        public int alerts() {
            return alertsByRule.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
