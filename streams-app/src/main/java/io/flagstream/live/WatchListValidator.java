package io.flagstream.live;

import io.flagstream.control.WatchListItem;
import io.flagstream.serde.RegistryOutageWait;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Clock;
import java.util.List;

/**
 * Checks each entry published on the watch-list topic (key = the entry's id, Avro {@link WatchListItem},
 * tombstone = remove), in the steps of {@link SignedEntryValidator}, by the rules of {@link WatchListItems}.
 * Accepted entries reach every instance through the live state and are matched from the next event on.
 */
final class WatchListValidator extends SignedEntryValidator<WatchListItem> {
    private final LiveState liveState = new LiveState();
    private final LiveSettings live;
    private final boolean detectorDeployed;

    /**
     * {@code signature} null: no signing key is configured, and every change is refused. {@code detectorDeployed}:
     * whether the watch-list detector was deployed switched on (an accepted entry is matched only then).
     */
    WatchListValidator(Deserializer<WatchListItem> deserializer, String topic, ChangeSignature signature, LiveSettings live,
                       boolean detectorDeployed, Clock clock, RegistryOutageWait outageWait) {
        super(deserializer, "watch-list entry", topic, signature, clock, outageWait);
        this.live = live;
        this.detectorDeployed = detectorDeployed;
    }

    @Override
    protected String keyProblem(String key) {
        return key.isBlank() ? "record key is empty; the key is the entry's id" : null;
    }

    @Override
    protected String liveStateKey(String key) {
        return LiveState.watchListKey(key);
    }

    @Override
    protected List<String> problems(String key, WatchListItem item) {
        return WatchListItems.problems(key, item);
    }

    @Override
    protected String createdBy(WatchListItem item) {
        return item.getCreatedBy();
    }

    @Override
    protected String current(String key) {
        WatchListItem now = live.liveWatchListItems().get(key);
        return now == null ? null : now.toString();
    }

    @Override
    protected byte[] liveStateValue(WatchListItem item) {
        return liveState.value(item);
    }

    @Override
    protected String describe(WatchListItem item) {
        // Kept, not refused: the entry applies once the detector is deployed on, and the operator reads why here.
        return item.getKind() + " '" + item.getValue() + "' (" + item.getReason() + ")" + (detectorDeployed ? ""
                : "; the watch-list-match detector is off in this deployment, so it matches nothing until it is on");
    }
}
