package io.flagstream.testing;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.StreamsProperties;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.ChangeSignature;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import io.flagstream.topology.FlagStreamTopology;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The production topology in a {@link TopologyTestDriver}, with its own in-memory registry, input topics
 * that accept events (or raw bytes) and the alert, dead-letter and OCSF findings outputs. Topic time is pinned: each
 * event's own timestamp is its record time.
 *
 * <p>A test class registers one per test as a JUnit extension, which closes it after each test:
 * {@code @RegisterExtension final TopologyFixture fixture = TopologyFixture.create();} (the field may not be private).
 * A fixture made inside a test is closed by try-with-resources.
 */
public final class TopologyFixture implements AutoCloseable, AfterEachCallback {
    public final FlagStreamConfig config;
    public final Topics topics;
    public final Topology topology;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, Payout> payouts;
    public final TestInputTopic<String, Login> logins;
    public final TestInputTopic<String, AccountChange> accountChanges;
    /** The control topics' HMAC key in {@link #baseSettings}; {@link #OPERATOR} signs with it. */
    public static final String SIGNING_KEY = "test-signing-key-0123456789abcdef-0123456789";
    public static final String OPERATOR = "test-operator";
    /** Live configuration changes: setting → value, null value = back to the deployed value. */
    private final TestInputTopic<String, String> configChanges;
    private final TestInputTopic<String, byte[]> allowList;
    private final TestInputTopic<String, byte[]> watchList;
    /** What the app wrote to the live-state topic (also piped back into its global store, as a broker would). */
    public final TestOutputTopic<String, byte[]> liveState;
    /** The audit trail of live changes (JSON lines). */
    public final TestOutputTopic<String, String> audit;
    /** The app's wall clock; {@link #advanceWallClock} moves it with the driver's. */
    public final TestClock clock = new TestClock(Times.NOW);
    public final TestOutputTopic<String, FraudAlert> alerts;
    public final TestOutputTopic<String, DeadLetter> deadLetters;
    /** OCSF Detection Findings (JSON), keyed by finding uid. */
    public final TestOutputTopic<String, String> findings;
    private final String registryScope;
    private final AlertInbox inbox;
    private boolean closed;

    private TopologyFixture(Map<String, String> overrides) {
        registryScope = "test-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>(baseSettings(registryScope));
        settings.putAll(overrides);
        config = ConfigLoader.load(settings, Map.of());
        topics = Topics.create(config.topics(), InMemorySchemaRegistry.forScope(registryScope));
        Properties props = StreamsProperties.from(config.kafka());
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        topology = FlagStreamTopology.build(config, topics, clock, props);
        driver = new TopologyTestDriver(topology, props);
        payouts = input(topics.payouts());
        logins = input(topics.logins());
        accountChanges = input(topics.accountChanges());
        configChanges = input(topics.config());
        allowList = driver.createInputTopic(topics.allowList().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        watchList = driver.createInputTopic(topics.watchList().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        liveState = driver.createOutputTopic(topics.liveState().name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        audit = driver.createOutputTopic(topics.audit().name(), Serdes.String().deserializer(), Serdes.String().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter().name(), topics.deadLetter().keySerde().deserializer(),
                topics.deadLetter().valueSerde().deserializer());
        findings = driver.createOutputTopic(topics.findings().name(), topics.findings().keySerde().deserializer(),
                topics.findings().valueSerde().deserializer());
        inbox = new AlertInbox(alerts::readValuesToList);
    }

    public static TopologyFixture create() {
        return new TopologyFixture(Map.of());
    }

    public static TopologyFixture create(Map<String, String> overrides) {
        return new TopologyFixture(overrides);
    }

    public static Map<String, String> baseSettings(String registryScope) {
        return Map.of(
                "flagstream.bootstrap.servers", "unused:9092",
                "flagstream.application.id", "flagstream-test",
                "flagstream.schema.registry.url", "mock://" + registryScope,
                // The test driver flushes every store after every record: RocksDB would make that a disk flush.
                // The real-broker integration tests run the default RocksDB stores.
                "flagstream.state.store-type", "in_memory",
                "flagstream.live.signing.key", SIGNING_KEY);
    }

    public void send(Payout... events) {
        for (Payout e : events) {
            payouts.pipeInput(e.getAccountId(), e, e.getTimestamp());
        }
    }

    public void send(AccountChange... events) {
        for (AccountChange e : events) {
            accountChanges.pipeInput(e.getAccountId(), e, e.getTimestamp());
        }
    }

    public void send(Login... events) {
        for (Login e : events) {
            logins.pipeInput(e.getAccountId(), e, e.getTimestamp());
        }
    }

    /** Raw bytes onto an input topic, for records that must fail decoding. */
    public void sendRaw(String topic, String key, byte[] value) {
        driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value, Times.T0);
    }

    /** Publishes a live configuration change, signed by {@link #OPERATOR} as the CLI does. */
    public void setConfig(String setting, String value) {
        publishConfig(setting, value, signed(topics.config().name(), setting, utf8(value), OPERATOR));
    }

    /** Removes a live override: the setting goes back to its deployed value. */
    public void unsetConfig(String setting) {
        setConfig(setting, null);
    }

    /** Publishes a configuration change with exactly these headers (signed or not). */
    public void publishConfig(String setting, String value, Headers headers) {
        configChanges.pipeInput(new TestRecord<>(setting, value, headers, Times.T0));
    }

    /** Adds a live allow-list entry, keyed {@code <type>:<id>}, signed by its author. */
    public void allowList(AllowListEntry entry) {
        allowList(entry.getEntityType() + ":" + entry.getEntityId(), entry);
    }

    /** Publishes {@code entry} (null: a removal, signed by {@link #OPERATOR}) under {@code key}, signed by its author. */
    public void allowList(String key, AllowListEntry entry) {
        String topic = topics.allowList().name();
        byte[] value = entry == null ? null : topics.allowList().valueSerde().serializer().serialize(topic, entry);
        publishAllowList(key, value, signed(topic, key, value, entry == null ? OPERATOR : entry.getCreatedBy()));
    }

    /** Publishes raw allow-list bytes with exactly these headers. */
    public void publishAllowList(String key, byte[] value, Headers headers) {
        allowList.pipeInput(new TestRecord<>(key, value, headers, Times.T0));
    }

    /** Adds a live watch-list entry, keyed by its id, signed by its author. */
    public void watchList(WatchListItem item) {
        watchList(item.getId(), item);
    }

    /** Publishes {@code item} (null: a removal, signed by {@link #OPERATOR}) under {@code key}, signed by its author. */
    public void watchList(String key, WatchListItem item) {
        String topic = topics.watchList().name();
        byte[] value = item == null ? null : topics.watchList().valueSerde().serializer().serialize(topic, item);
        publishWatchList(key, value, signed(topic, key, value, item == null ? OPERATOR : item.getCreatedBy()));
    }

    /** Publishes raw watch-list bytes with exactly these headers. */
    public void publishWatchList(String key, byte[] value, Headers headers) {
        watchList.pipeInput(new TestRecord<>(key, value, headers, Times.T0));
    }

    /** Headers signing {@code value} for {@code key} on {@code topic} with {@link #SIGNING_KEY}. */
    public static Headers signed(String topic, String key, byte[] value, String signer) {
        Headers headers = new RecordHeaders();
        new ChangeSignature(SIGNING_KEY.getBytes(StandardCharsets.UTF_8)).sign(headers, topic, key, value, signer, Times.NOW.toEpochMilli());
        return headers;
    }

    public static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    public List<FraudAlert> alerts() {
        return alerts.readValuesToList();
    }

    /** The alerts of one rule (reads, and so drains, all alerts), so other detectors cannot interfere. */
    public List<FraudAlert> alerts(String ruleId) {
        return alerts().stream().filter(a -> ruleId.equals(a.getRuleId())).toList();
    }

    /**
     * The alerts topic as an {@link AlertInbox}: {@code fixture.inbox().expectAlert(ruleId)...}. It reads the same
     * topic as {@link #alerts()}, so a test uses one or the other.
     */
    public AlertInbox inbox() {
        return inbox;
    }

    /** Moves the app's wall clock and fires the wall-clock punctuations due (episode purge, live changes). */
    public void advanceWallClock(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    /** Closes the driver after each test when registered with {@code @RegisterExtension}. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes the driver and drops the registry scope; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.close();
        InMemorySchemaRegistry.dropScope(registryScope);
    }

    private <T> TestInputTopic<String, T> input(Topic<String, T> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("flagstream-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
