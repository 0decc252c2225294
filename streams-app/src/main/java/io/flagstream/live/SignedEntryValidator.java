package io.flagstream.live;

import io.flagstream.errors.DeadLetters;
import io.flagstream.serde.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * The judge of a control topic whose entries are Avro records keyed by what they name, a tombstone removing one
 * (the allow-list, the watch-list). The steps, in this order, are the same for every such topic, so they live
 * here once: the signature first ({@link ChangeSignature}; nothing unsigned is even decoded), then the key, then
 * the value (an entry written while the registry is down is waited for, not lost), then the entry's own
 * content, and its author must be its signer so the trail names who really made the change. A good change goes
 * to the live-state topic under {@link #liveStateKey}; a bad one to the dead-letter topic with every problem
 * found; either way it leaves an {@link AuditEntry}.
 *
 * @param <T> the entry's Avro class
 */
abstract class SignedEntryValidator<T> extends ContextualProcessor<String, byte[], String, LiveChange> {
    // The concrete class: log filters and alerts on "AllowListValidator" keep working.
    private final Logger log = LoggerFactory.getLogger(getClass());

    private final Deserializer<T> deserializer;
    private final String what;
    protected final String topic;
    private final ChangeSignature signature;
    protected final Clock clock;
    private final RegistryOutageWait outageWait;

    /**
     * @param what      the entry as logs name it ("allow-list entry")
     * @param signature null: no signing key is configured, and every change is refused
     */
    SignedEntryValidator(Deserializer<T> deserializer, String what, String topic, ChangeSignature signature, Clock clock,
                         RegistryOutageWait outageWait) {
        this.deserializer = deserializer;
        this.what = what;
        this.topic = topic;
        this.signature = signature;
        this.clock = clock;
        this.outageWait = outageWait;
    }

    /** Why {@code key} (not null) cannot name an entry, or null when it can. */
    protected abstract String keyProblem(String key);

    /** The live-state key of the entry under {@code key}. */
    protected abstract String liveStateKey(String key);

    /** What is wrong with {@code entry} under {@code key}, apart from its author; empty when nothing is. Mutable. */
    protected abstract List<String> problems(String key, T entry);

    protected abstract String createdBy(T entry);

    /** The entry in force under {@code key} (a valid key), as text, or null. */
    protected abstract String current(String key);

    /** The accepted entry as the live-state topic holds it. */
    protected abstract byte[] liveStateValue(T entry);

    /** The entry for the log line of its acceptance. */
    protected String describe(T entry) {
        return entry.toString();
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        String key = record.key();
        String signedBy;
        try {
            signedBy = LiveSignatures.verify(signature, record.headers(), topic, key, record.value());
        } catch (ChangeSignature.Refused e) {
            reject(record, LiveSignatures.ERROR_TYPE, e.getMessage(), ChangeSignature.claimedSigner(record.headers()));
            return;
        }
        String keyProblem = key == null ? "record has no key" : keyProblem(key);
        if (keyProblem != null) {
            reject(record, DeadLetters.VALIDATION, keyProblem, signedBy);
            return;
        }
        if (record.value() == null) {
            log.info("Live {} {} removed by {}", what, key, signedBy);
            context().forward(record.withKey(liveStateKey(key)).withValue(LiveChange.accepted(null,
                    new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.ACCEPTED, null, current(key), null))));
            return;
        }
        T entry;
        try {
            entry = outageWait.decode(topic, () -> deserializer.deserialize(topic, record.value()));
        } catch (StreamsException outageTooLong) {
            throw outageTooLong;
        } catch (RuntimeException e) {
            reject(record, DeadLetters.DESERIALIZATION, DeadLetters.rootMessage(e), signedBy);
            return;
        }
        List<String> problems = problems(key, entry);
        if (!createdBy(entry).equals(signedBy)) {
            problems.add("createdBy '" + createdBy(entry) + "' differs from the signer '" + signedBy + "'");
        }
        if (!problems.isEmpty()) {
            reject(record, DeadLetters.VALIDATION, String.join("; ", problems), signedBy);
            return;
        }
        log.info("Live {} {} added by {}: {}", what, key, signedBy, describe(entry));
        context().forward(record.withKey(liveStateKey(key)).withValue(LiveChange.accepted(liveStateValue(entry),
                new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.ACCEPTED, null, current(key), entry.toString()))));
    }

    private void reject(Record<String, byte[]> record, String errorType, String reason, String signedBy) {
        log.warn("Live {} {} (signed by '{}') refused: {}", what, record.key(), signedBy, reason);
        String key = record.key();
        String old = key != null && keyProblem(key) == null ? current(key) : null;
        AuditEntry audit = new AuditEntry(clock.instant(), topic, key, signedBy, AuditEntry.REFUSED, reason, old,
                record.value() == null ? null : "(" + record.value().length + " bytes, see the dead letter)");
        context().forward(record.withValue(LiveChange.rejected(DeadLetters.of(context().recordMetadata().orElse(null),
                record.timestamp(), key, record.value(), errorType, reason, clock.instant()), audit)));
    }
}
