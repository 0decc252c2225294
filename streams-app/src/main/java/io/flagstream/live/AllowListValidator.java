package io.flagstream.live;

import io.flagstream.control.AllowListEntry;
import io.flagstream.errors.DeadLetters;
import io.flagstream.serde.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each entry published on the allow-list topic (key {@code <entityType>:<entityId>}, Avro
 * {@link AllowListEntry}, tombstone = remove) and passes the good ones to the live-state topic; a bad one
 * goes to the dead-letter topic with every problem found. An entry whose {@code expiresAt} has already
 * passed (wall clock) is refused: it would never apply, which is almost always a mistake in the date. The
 * entry must be signed ({@link ChangeSignature}) and its {@code createdBy} must be its signer, so the trail
 * names who really added it; every change, accepted or refused, leaves an {@link AuditEntry}.
 */
final class AllowListValidator extends ContextualProcessor<String, byte[], String, LiveChange> {
    private static final Logger log = LoggerFactory.getLogger(AllowListValidator.class);

    private final Deserializer<AllowListEntry> deserializer;
    private final LiveState liveState = new LiveState();
    private final String topic;
    private final ChangeSignature signature;
    private final LiveSettings live;
    private final Clock clock;
    private final RegistryOutageWait outageWait;

    /** {@code signature} null: no signing key is configured, and every change is refused. */
    AllowListValidator(Deserializer<AllowListEntry> deserializer, String topic, ChangeSignature signature, LiveSettings live, Clock clock,
                       RegistryOutageWait outageWait) {
        this.deserializer = deserializer;
        this.topic = topic;
        this.signature = signature;
        this.live = live;
        this.clock = clock;
        this.outageWait = outageWait;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        String signedBy;
        try {
            signedBy = LiveSignatures.verify(signature, record.headers(), topic, key, record.value());
        } catch (ChangeSignature.Refused e) {
            reject(record, LiveSignatures.ERROR_TYPE, e.getMessage(), ChangeSignature.claimedSigner(record.headers()));
            return;
        }
        if (key == null || !validKey(key)) {
            reject(record, DeadLetters.VALIDATION, "record key '" + key + "' is not '<entityType>:<entityId>' with entityType one of "
                    + EntityTypes.ALL, signedBy);
            return;
        }
        if (record.value() == null) {
            log.info("Live allow-list entry {} removed by {}", key, signedBy);
            context().forward(record.withKey(LiveState.allowListKey(key)).withValue(LiveChange.accepted(null,
                    new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.ACCEPTED, null, current(key), null))));
            return;
        }
        AllowListEntry entry;
        try {
            // An entry written while the registry is down is a good entry: losing it would leave the account alerting.
            entry = outageWait.decode(topic, () -> deserializer.deserialize(topic, record.value()));
        } catch (StreamsException outageTooLong) {
            throw outageTooLong;
        } catch (RuntimeException e) {
            reject(record, DeadLetters.DESERIALIZATION, DeadLetters.rootMessage(e), signedBy);
            return;
        }
        List<String> problems = problems(key, entry);
        if (!entry.getCreatedBy().equals(signedBy)) {
            problems.add("createdBy '" + entry.getCreatedBy() + "' differs from the signer '" + signedBy + "'");
        }
        if (!problems.isEmpty()) {
            reject(record, DeadLetters.VALIDATION, String.join("; ", problems), signedBy);
            return;
        }
        log.info("Live allow-list entry {} added by {} ({}){}", key, entry.getCreatedBy(), entry.getReason(),
                entry.getExpiresAt() == null ? "" : " until " + entry.getExpiresAt());
        context().forward(record.withKey(LiveState.allowListKey(key)).withValue(LiveChange.accepted(liveState.value(entry),
                new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.ACCEPTED, null, current(key), entry.toString()))));
    }

    /** The live entry in force for {@code <type>:<id>}, as text, or null. */
    private String current(String key) {
        int colon = key.indexOf(':');
        AllowListEntry now = live.liveEntries().getOrDefault(key.substring(0, colon), java.util.Map.of()).get(key.substring(colon + 1));
        return now == null ? null : now.toString();
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

    private void reject(Record<String, byte[]> record, String errorType, String reason, String signedBy) {
        log.warn("Live allow-list entry {} (signed by '{}') refused: {}", record.key(), signedBy, reason);
        String key = record.key();
        String old = key != null && validKey(key) ? current(key) : null;
        AuditEntry audit = new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.REFUSED, reason, old,
                record.value() == null ? null : "(" + record.value().length + " bytes, see the dead letter)");
        context().forward(record.withValue(LiveChange.rejected(DeadLetters.of(context().recordMetadata().orElse(null),
                record.timestamp(), key, record.value(), errorType, reason, clock.instant()), audit)));
    }
}
