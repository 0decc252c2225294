package io.flagstream.live;

import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.errors.DeadLetters;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks each change published on the config topic (key = setting, value = new value, tombstone = back to
 * the deployed value) against the deployed settings plus every override accepted so far, with
 * {@link ConfigLoader#withOverrides}: the start-up rules and messages, and the rules of a running topology.
 * It runs in the one task of the one-partition config topic, so there is exactly one judge and one dead
 * letter per refused change however many instances run; its store holds the accepted overrides. Before any
 * of that, the change must carry a valid signature ({@link ChangeSignature}) and stay within {@link LiveBounds};
 * every change, accepted or refused, leaves an {@link AuditEntry}.
 */
final class ConfigChangeValidator extends ContextualProcessor<String, String, String, LiveChange> {
    private static final Logger log = LoggerFactory.getLogger(ConfigChangeValidator.class);

    private final FlagStreamConfig deployed;
    private final String topic;
    private final ChangeSignature signature;
    private final LiveBounds bounds;
    private final String storeName;
    private final Clock clock;
    private KeyValueStore<String, String> accepted;

    /** {@code signature} null: no signing key is configured, and every change is refused. */
    ConfigChangeValidator(FlagStreamConfig deployed, String topic, ChangeSignature signature, String storeName, Clock clock) {
        this.deployed = deployed;
        this.topic = topic;
        this.signature = signature;
        this.bounds = new LiveBounds(deployed);
        this.storeName = storeName;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, LiveChange> context) {
        super.init(context);
        accepted = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, String> record) {
        String setting = record.key() == null ? "" : record.key().trim();
        String value = record.value() == null ? null : record.value().trim();
        String signedBy;
        try {
            signedBy = LiveSignatures.verify(signature, record.headers(), topic, record.key(), bytes(record.value()));
        } catch (ChangeSignature.Refused e) {
            reject(record, LiveSignatures.ERROR_TYPE, e.getMessage(), ChangeSignature.claimedSigner(record.headers()));
            return;
        }
        if (setting.isEmpty()) {
            reject(record, DeadLetters.VALIDATION, "record has no key; the key is the setting to change, e.g. flagstream.detector.<id>.enabled", signedBy);
            return;
        }
        Map<String, String> overrides = overridesThatStillFit(record);
        String old = overrides.getOrDefault(setting, bounds.deployedValue(setting));
        if (value == null) {
            overrides.remove(setting);
        } else {
            overrides.put(setting, value);
        }
        try {
            bounds.check(setting, value);
            ConfigLoader.withOverrides(deployed, overrides);
        } catch (ConfigException e) {
            reject(record, DeadLetters.VALIDATION, e.getMessage(), signedBy);
            return;
        }
        if (value == null) {
            accepted.delete(setting);
        } else {
            accepted.put(setting, value);
        }
        log.info("Live configuration change by {} accepted: {}", signedBy, value == null ? setting + " back to its deployed value" : setting + "=" + value);
        AuditEntry audit = new AuditEntry(clock.instant(), topic, setting, signedBy, AuditEntry.ACCEPTED, null, old,
                value == null ? bounds.deployedValue(setting) : value);
        context().forward(record.withKey(LiveState.configKey(setting)).withValue(LiveChange.accepted(LiveState.value(value), audit)));
    }

    /**
     * The accepted overrides that still fit the deployed settings. After a redeploy (say a smaller window) an
     * override accepted before may no longer fit; instances already skip it (LiveSettings logs why), and keeping
     * it here would make every later change fail validation. So it is dropped: deleted here and removed from
     * the live-state topic, which is what the instances already do.
     */
    private Map<String, String> overridesThatStillFit(Record<String, String> record) {
        Map<String, String> fit = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> all = accepted.all()) {
            all.forEachRemaining(kv -> {
                Map<String, String> candidate = new TreeMap<>(fit);
                candidate.put(kv.key, kv.value);
                try {
                    ConfigLoader.withOverrides(deployed, candidate);
                    fit.put(kv.key, kv.value);
                } catch (ConfigException e) {
                    log.warn("Live override {}={} no longer fits the deployed settings and is dropped: {}", kv.key, kv.value, e.getMessage());
                    stale.add(kv.key);
                }
            });
        }
        for (String setting : stale) {
            accepted.delete(setting);
            AuditEntry audit = new AuditEntry(clock.instant(), topic, setting, "flagstream", "dropped",
                    "no longer fits the deployed settings", null, bounds.deployedValue(setting));
            context().forward(record.withKey(LiveState.configKey(setting)).withValue(LiveChange.accepted(LiveState.value((String) null), audit)));
        }
        return fit;
    }

    private void reject(Record<String, String> record, String errorType, String reason, String signedBy) {
        log.warn("Live configuration change {}={} (signed by '{}') refused: {}", record.key(), record.value(), signedBy, reason);
        String setting = record.key() == null ? "" : record.key().trim();
        String old = accepted.get(setting);
        AuditEntry audit = new AuditEntry(clock.instant(), topic, record.key(), signedBy, AuditEntry.REFUSED, reason,
                old == null ? bounds.deployedValue(setting) : old, record.value());
        context().forward(record.withValue(LiveChange.rejected(DeadLetters.of(context().recordMetadata().orElse(null),
                record.timestamp(), record.key(), bytes(record.value()), errorType, reason, clock.instant()), audit)));
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
