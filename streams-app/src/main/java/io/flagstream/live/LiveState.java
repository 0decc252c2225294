package io.flagstream.live;

import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.serde.InternalSerdes;

import java.nio.charset.StandardCharsets;

/**
 * The records of the live-state topic, which holds every live change the app accepted (compacted, one
 * record per setting or allow-list entry) and which every instance reads back in full. Key
 * {@code config:<setting>} → the value as UTF-8; key {@code allow-list:<type>:<id>} → the
 * {@link AllowListEntry}, key {@code watch-list:<id>} → the {@link WatchListItem}, both in Avro single-object
 * encoding (internal, like the stores); a tombstone removes any of them.
 */
public final class LiveState {
    static final String CONFIG = "config:";
    static final String ALLOW_LIST = "allow-list:";
    static final String WATCH_LIST = "watch-list:";

    private final InternalAvroSerde<AllowListEntry> entries = InternalSerdes.allowListEntry();
    private final InternalAvroSerde<WatchListItem> watchListItems = InternalSerdes.watchListItem();

    static String configKey(String setting) {
        return CONFIG + setting;
    }

    static String allowListKey(String entityKey) {
        return ALLOW_LIST + entityKey;
    }

    static String watchListKey(String id) {
        return WATCH_LIST + id;
    }

    static byte[] value(String setting) {
        return setting == null ? null : setting.getBytes(StandardCharsets.UTF_8);
    }

    byte[] value(AllowListEntry entry) {
        return entry == null ? null : entries.serializer().serialize(null, entry);
    }

    byte[] value(WatchListItem item) {
        return item == null ? null : watchListItems.serializer().serialize(null, item);
    }

    /**
     * Applies one record of the topic to {@code live}; records of another kind are ignored (so a version rolled
     * back past a kind of record skips it rather than failing).
     */
    void apply(LiveSettings live, String key, byte[] value) {
        if (key.startsWith(CONFIG)) {
            live.override(key.substring(CONFIG.length()), value == null ? null : new String(value, StandardCharsets.UTF_8));
        } else if (key.startsWith(ALLOW_LIST)) {
            live.allowListEntry(key.substring(ALLOW_LIST.length()), value == null ? null : entries.deserializer().deserialize(null, value));
        } else if (key.startsWith(WATCH_LIST)) {
            live.watchListItem(key.substring(WATCH_LIST.length()),
                    value == null ? null : watchListItems.deserializer().deserialize(null, value));
        }
    }
}
