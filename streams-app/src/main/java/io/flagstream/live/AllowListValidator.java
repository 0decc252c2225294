package io.flagstream.live;

import io.flagstream.control.AllowListEntry;
import io.flagstream.serde.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks each entry published on the allow-list topic (key {@code <entityType>:<entityId>}, Avro
 * {@link AllowListEntry}, tombstone = remove), in the steps of {@link SignedEntryValidator}. An entry whose
 * {@code expiresAt} has already passed (wall clock) is refused: it would never apply, which is almost always a
 * mistake in the date.
 */
final class AllowListValidator extends SignedEntryValidator<AllowListEntry> {
    private final LiveState liveState = new LiveState();
    private final LiveSettings live;

    /** {@code signature} null: no signing key is configured, and every change is refused. */
    AllowListValidator(Deserializer<AllowListEntry> deserializer, String topic, ChangeSignature signature, LiveSettings live, Clock clock,
                       RegistryOutageWait outageWait) {
        super(deserializer, "allow-list entry", topic, signature, clock, outageWait);
        this.live = live;
    }

    @Override
    protected String keyProblem(String key) {
        int colon = key.indexOf(':');
        return colon > 0 && colon < key.length() - 1 && EntityTypes.ALL.contains(key.substring(0, colon)) ? null
                : "record key '" + key + "' is not '<entityType>:<entityId>' with entityType one of " + EntityTypes.ALL;
    }

    @Override
    protected String liveStateKey(String key) {
        return LiveState.allowListKey(key);
    }

    @Override
    protected String current(String key) {
        int colon = key.indexOf(':');
        AllowListEntry now = live.liveEntries().getOrDefault(key.substring(0, colon), Map.of()).get(key.substring(colon + 1));
        return now == null ? null : now.toString();
    }

    @Override
    protected String createdBy(AllowListEntry entry) {
        return entry.getCreatedBy();
    }

    @Override
    protected byte[] liveStateValue(AllowListEntry entry) {
        return liveState.value(entry);
    }

    @Override
    protected String describe(AllowListEntry entry) {
        return entry.getReason() + (entry.getExpiresAt() == null ? "" : " until " + entry.getExpiresAt());
    }

    @Override
    protected List<String> problems(String key, AllowListEntry entry) {
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
}
