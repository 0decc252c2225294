package io.flagstream.live;

import io.flagstream.control.AllowListEntry;
import io.flagstream.topology.DeadLetters;
import io.flagstream.topology.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each entry published on the allow-list topic (key {@code <entityType>:<entityId>}, Avro
 * {@link AllowListEntry}, tombstone = remove) and passes the good ones to the live-state topic; a bad one
 * goes to the dead-letter topic with every problem found. An entry whose {@code expiresAt} has already
 * passed (wall clock) is refused: it would never apply, which is almost always a mistake in the date.
 */
final class AllowListValidator extends ContextualProcessor<String, byte[], String, LiveChange> {
    private static final Logger log = LoggerFactory.getLogger(AllowListValidator.class);

    private final Deserializer<AllowListEntry> deserializer;
    private final LiveState liveState = new LiveState();
    private final Clock clock;
    private final RegistryOutageWait outageWait;

    AllowListValidator(Deserializer<AllowListEntry> deserializer, Clock clock, RegistryOutageWait outageWait) {
        this.deserializer = deserializer;
        this.clock = clock;
        this.outageWait = outageWait;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null || !validKey(key)) {
            reject(record, DeadLetters.VALIDATION, "record key '" + key + "' is not '<entityType>:<entityId>' with entityType one of "
                    + EntityTypes.ALL);
            return;
        }
        if (record.value() == null) {
            log.info("Live allow-list entry {} removed", key);
            context().forward(record.withKey(LiveState.allowListKey(key)).withValue(LiveChange.accepted(null)));
            return;
        }
        AllowListEntry entry;
        try {
            // An entry written while the registry is down is a good entry: losing it would leave the account alerting.
            entry = outageWait.decode(topic(), () -> deserializer.deserialize(topic(), record.value()));
        } catch (StreamsException outageTooLong) {
            throw outageTooLong;
        } catch (RuntimeException e) {
            reject(record, DeadLetters.DESERIALIZATION, DeadLetters.rootMessage(e));
            return;
        }
        List<String> problems = problems(key, entry);
        if (!problems.isEmpty()) {
            reject(record, DeadLetters.VALIDATION, String.join("; ", problems));
            return;
        }
        log.info("Live allow-list entry {} added by {} ({}){}", key, entry.getCreatedBy(), entry.getReason(),
                entry.getExpiresAt() == null ? "" : " until " + entry.getExpiresAt());
        context().forward(record.withKey(LiveState.allowListKey(key)).withValue(LiveChange.accepted(liveState.value(entry))));
    }

    private List<String> problems(String key, AllowListEntry entry) {
        List<String> problems = new ArrayList<>();
        if (!key.equals(entry.getEntityType() + ":" + entry.getEntityId())) {
            problems.add("record key '" + key + "' differs from entityType:entityId '" + entry.getEntityType() + ":" + entry.getEntityId() + "'");
        }
        if (entry.getReason().isBlank()) {
            problems.add("empty reason");
        }
        if (entry.getCreatedBy().isBlank()) {
            problems.add("empty createdBy");
        }
        if (entry.getExpiresAt() != null && !entry.getExpiresAt().isAfter(clock.instant())) {
            problems.add("expiresAt " + entry.getExpiresAt() + " has already passed");
        }
        return problems;
    }

    private static boolean validKey(String key) {
        int colon = key.indexOf(':');
        return colon > 0 && colon < key.length() - 1 && EntityTypes.ALL.contains(key.substring(0, colon));
    }

    private String topic() {
        return context().recordMetadata().map(RecordMetadata::topic).orElse("");
    }

    private void reject(Record<String, byte[]> record, String errorType, String reason) {
        log.warn("Live allow-list entry {} refused: {}", record.key(), reason);
        context().forward(record.withValue(LiveChange.rejected(DeadLetters.of(context().recordMetadata().orElse(null),
                record.timestamp(), record.key(), record.value(), errorType, reason, clock.instant()))));
    }
}
