package io.flagstream.live;

import io.flagstream.config.AllowList;
import io.flagstream.control.AllowListEntry;

import java.time.Clock;
import java.util.Map;

/**
 * The configured allow-list ({@code flagstream.allow-list.*}) merged with the live entries. A live entry
 * applies until its {@code expiresAt} by the wall clock: a snooze is a promise to the analyst ("quiet until
 * Monday 9:00"), which event time, stalled or replaying, would not keep. Cheap per event: no allocation,
 * and the clock is read only for an entity that has a live entry.
 */
final class LiveAllowList implements AllowList {
    private final AllowList configured;
    private final LiveSettings live;
    private final Clock clock;

    LiveAllowList(AllowList configured, LiveSettings live, Clock clock) {
        this.configured = configured;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public boolean account(String id) {
        return configured.account(id) || live(EntityTypes.ACCOUNT, id);
    }

    @Override
    public boolean ip(String ip) {
        return configured.ip(ip) || live(EntityTypes.IP, ip);
    }

    @Override
    public boolean instrument(String fingerprint) {
        return configured.instrument(fingerprint) || live(EntityTypes.INSTRUMENT, fingerprint);
    }

    @Override
    public boolean other(String type, String id) {
        return live(type, id);
    }

    private boolean live(String type, String id) {
        Map<String, Map<String, AllowListEntry>> entries = live.liveEntries();
        if (entries.isEmpty()) {
            return false;
        }
        Map<String, AllowListEntry> ofType = entries.get(type);
        AllowListEntry entry = ofType == null ? null : ofType.get(id);
        return entry != null && (entry.getExpiresAt() == null || entry.getExpiresAt().toEpochMilli() > clock.millis());
    }
}
