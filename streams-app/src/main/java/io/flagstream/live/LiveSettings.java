package io.flagstream.live;

import io.flagstream.config.AlertSettings;
import io.flagstream.config.AllowList;
import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.RiskSettings;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.watchlist.WatchList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings, allow-list and live watch-list in force in this app instance: the deployed configuration with
 * the accepted live overrides on top, the configured allow-list merged with the live one, and the live
 * watch-list entries (the detector adds its list files itself). One writer (the global
 * live-state processor), many readers (every stream thread, per record): a read is one volatile load, and
 * the typed configuration is rebuilt only when an override changes, never per event.
 */
public final class LiveSettings {
    private static final Logger log = LoggerFactory.getLogger(LiveSettings.class);

    private final FlagStreamConfig deployed;
    private final Clock clock;
    private final LiveAllowList allowList;
    /** Accepted overrides by setting key, and live allow-list entries by {@code <type>:<id>}: writer only. */
    private final Map<String, String> overrides = new TreeMap<>();
    private final Map<String, AllowListEntry> entries = new HashMap<>();
    /** Live watch-list entries by id: writer only. */
    private final Map<String, WatchListItem> watchListItems = new TreeMap<>();
    private volatile State state;

    /**
     * What readers see, replaced whole on every change. {@code allowList}: entries by type, then id;
     * {@code watchListItems} by id (in id order, so matches are cited in a stable order), and indexed for matching in {@code watchList}.
     */
    record State(long version, FlagStreamConfig config, Map<String, Map<String, AllowListEntry>> allowList,
                 Map<String, WatchListItem> watchListItems, WatchList watchList) {
    }

    public LiveSettings(FlagStreamConfig deployed, Clock clock) {
        this.deployed = deployed;
        this.clock = clock;
        this.state = new State(0, deployed, Map.of(), Map.of(), new WatchList(List.of()));
        this.allowList = new LiveAllowList(deployed.allowList(), this, clock);
    }

    /** Increases with every change of a setting, of the allow-list or of the live watch-list. */
    public long version() {
        return state.version();
    }

    public FlagStreamConfig config() {
        return state.config();
    }

    public FlagStreamConfig deployed() {
        return deployed;
    }

    public DetectorsConfig detectors() {
        return state.config().detectors();
    }

    public AlertSettings alerts() {
        return state.config().alerts();
    }

    public RiskSettings risk() {
        return state.config().risk();
    }

    /** The configured allow-list merged with the live one (live entries apply until they expire, wall clock). */
    public AllowList allowList() {
        return allowList;
    }

    Map<String, Map<String, AllowListEntry>> liveEntries() {
        return state.allowList();
    }

    /**
     * The live watch-list entries, indexed for matching (empty when there are none). One volatile read: a
     * detector asks for it per event, so an entry added live applies from the next event on.
     */
    public WatchList watchList() {
        return state.watchList();
    }

    Map<String, WatchListItem> liveWatchListItems() {
        return state.watchListItems();
    }

    Clock clock() {
        return clock;
    }

    /** Sets ({@code value} not null) or removes an override and rebuilds the configuration in force. */
    synchronized void override(String setting, String value) {
        if (value == null) {
            overrides.remove(setting);
        } else {
            overrides.put(setting, value);
        }
        publish(configWith(overrides));
    }

    /** Sets or removes ({@code entry} null) a live allow-list entry. */
    synchronized void allowListEntry(String entityKey, AllowListEntry entry) {
        if (entry == null) {
            entries.remove(entityKey);
        } else {
            entries.put(entityKey, entry);
        }
        publish(state.config());
    }

    /**
     * Sets or removes ({@code item} null) a live watch-list entry and re-indexes the live entries (a handful,
     * against list files of thousands: cheaper than keeping an index that can be edited). Bumps {@link #version},
     * so that the watch-list detector closes the alerts that rested only on a removed entry.
     *
     * @throws IllegalArgumentException for an item that is no entry (nothing changes then)
     */
    synchronized void watchListItem(String id, WatchListItem item) {
        if (item != null) {
            WatchListItems.entry(item);
            watchListItems.put(id, item);
        } else {
            watchListItems.remove(id);
        }
        State s = state;
        state = new State(s.version() + 1, s.config(), s.allowList(), Map.copyOf(watchListItems),
                new WatchList(watchListItems.values().stream().map(WatchListItems::entry).toList()));
    }

    /**
     * The configuration with these overrides. They were accepted one by one against the deployed settings of
     * the time; after a redeploy with other settings one may no longer fit: it is left out, with a warning,
     * rather than stopping the instance.
     */
    private FlagStreamConfig configWith(Map<String, String> candidate) {
        try {
            return ConfigLoader.withOverrides(deployed, candidate);
        } catch (ConfigException e) {
            Map<String, String> fitting = new TreeMap<>(candidate);
            fitting.remove(e.setting());
            log.warn("Live override {}={} no longer fits the deployed settings and is not applied: {}",
                    e.setting(), candidate.get(e.setting()), e.getMessage());
            return fitting.size() < candidate.size() ? configWith(fitting) : deployed;
        }
    }

    private void publish(FlagStreamConfig config) {
        Map<String, Map<String, AllowListEntry>> byType = new HashMap<>();
        entries.forEach((key, entry) -> byType.computeIfAbsent(entry.getEntityType(), t -> new HashMap<>()).put(entry.getEntityId(), entry));
        byType.replaceAll((type, ids) -> Map.copyOf(ids));
        State s = state;
        state = new State(s.version() + 1, config, Map.copyOf(byType), s.watchListItems(), s.watchList());
    }
}
