package io.flagstream.live;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.serde.SchemaRegistryClient;
import io.flagstream.serde.SchemaWriting;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes live changes to the config, allow-list and watch-list topics, for the CLI ({@code config-set},
 * {@code allow-list add}, {@code watch-list add}) and tests. Each change is checked here first for quick feedback, with the same rules
 * the app applies; the app stays the judge (it also knows the overrides already accepted) and dead-letters
 * what it refuses. Every change is signed ({@link ChangeSignature}) with {@code flagstream.live.signing.key}
 * in the name of the operator publishing it.
 */
public final class LivePublisher implements AutoCloseable {
    private final FlagStreamConfig config;
    private final Topics topics;
    private final Clock clock;
    private final String operator;
    private final ChangeSignature signature;
    private final LiveBounds bounds;
    private final KafkaProducer<String, byte[]> producer;

    /** {@code operator} is who signs the changes (the audit trail's "who"). */
    public LivePublisher(FlagStreamConfig config, SchemaRegistryClient registry, Clock clock, String operator) {
        if (!config.control().liveChangesEnabled()) {
            throw new io.flagstream.config.ConfigException("flagstream.live.signing.key",
                    "is required to publish live changes (the app refuses unsigned ones); set FLAGSTREAM_LIVE_SIGNING_KEY");
        }
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("the operator signing the change (--by) must not be empty");
        }
        this.config = config;
        this.topics = Topics.create(config.topics(), registry, SchemaWriting.from(config.schemaRegistry()));
        this.clock = clock;
        this.operator = operator;
        this.signature = new ChangeSignature(config.control().signingKey());
        this.bounds = new LiveBounds(config);
        Map<String, Object> props = new HashMap<>(config.kafka().clientOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sets a setting to {@code value}, or back to its deployed value when {@code value} is null.
     *
     * @throws io.flagstream.config.ConfigException when the change is refused by the rules alone
     */
    public void setConfig(String setting, String value) {
        if (value != null) {
            bounds.check(setting, value);
            ConfigLoader.withOverrides(config, Map.of(setting, value));
        } else {
            ConfigLoader.checkChangeableLive(config, setting);
        }
        send(topics.config().name(), setting, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds (or replaces) a live allow-list entry; refuses an unknown entity type, a blank reason or author, a past expiry. */
    public void allowList(AllowListEntry entry) {
        if (!EntityTypes.ALL.contains(entry.getEntityType())) {
            throw new IllegalArgumentException("entity type '" + entry.getEntityType() + "' is not one of " + EntityTypes.ALL);
        }
        if (entry.getEntityId().isBlank() || entry.getReason().isBlank()) {
            throw new IllegalArgumentException("entity id and reason must not be empty");
        }
        if (!operator.equals(entry.getCreatedBy())) {
            throw new IllegalArgumentException("createdBy '" + entry.getCreatedBy() + "' must be the signing operator '" + operator + "'");
        }
        if (entry.getExpiresAt() != null && !entry.getExpiresAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException("expiry " + entry.getExpiresAt() + " has already passed");
        }
        String topic = topics.allowList().name();
        send(topic, key(entry.getEntityType(), entry.getEntityId()), topics.allowList().valueSerde().serializer().serialize(topic, entry));
    }

    /** Removes a live allow-list entry (a tombstone); the configured allow-list is not touched. */
    public void removeFromAllowList(String entityType, String entityId) {
        send(topics.allowList().name(), key(entityType, entityId), null);
    }

    /**
     * Adds (or replaces) a live watch-list entry, keyed by its id; refuses what the app would refuse
     * ({@link WatchListItems#problems}) and an entry not created by the signing operator.
     */
    public void watchList(WatchListItem item) {
        List<String> problems = WatchListItems.problems(item.getId(), item);
        if (!operator.equals(item.getCreatedBy())) {
            problems.add("createdBy '" + item.getCreatedBy() + "' must be the signing operator '" + operator + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String topic = topics.watchList().name();
        send(topic, item.getId(), topics.watchList().valueSerde().serializer().serialize(topic, item));
    }

    /** Removes a live watch-list entry (a tombstone); the list files are not touched. */
    public void removeFromWatchList(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the id of the entry to remove must not be empty");
        }
        send(topics.watchList().name(), id, null);
    }

    public static String key(String entityType, String entityId) {
        return entityType + ":" + entityId;
    }

    private void send(String topic, String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        signature.sign(record.headers(), topic, key, value, operator, clock.millis());
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish " + key + " to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
