package io.flagstream.live;

import io.flagstream.control.WatchListItem;
import io.flagstream.watchlist.ListedKinds;
import io.flagstream.watchlist.NameKey;
import io.flagstream.watchlist.WatchListEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * What a live watch-list entry means and when it is one: the rules of a plain CSV list ({@link ListedKinds}),
 * shared by the app's judge ({@link WatchListValidator}) and the CLI ({@link LivePublisher}) so both refuse the
 * same things. A few rules are stricter than the file's, because a live entry has no file an operator re-reads:
 * aliases only on a name, and no name or alias that could never match (no letter or digit).
 */
final class WatchListItems {
    /** The list a live entry is cited from in alerts: {@code live-watch-list #CASE-7 Pacific Trade [CYBER2]}. */
    static final String SOURCE = "live-watch-list";

    private WatchListItems() {
    }

    /** @throws IllegalArgumentException for an item that is no entry (see {@link ListedKinds#entry}) */
    static WatchListEntry entry(WatchListItem item) {
        return ListedKinds.entry(SOURCE, item.getId(), item.getKind(), item.getValue(), item.getAliases(), item.getPrograms());
    }

    /** Every problem of {@code item} published under {@code key}; empty when it is a good entry. Mutable. */
    static List<String> problems(String key, WatchListItem item) {
        List<String> problems = new ArrayList<>();
        if (!key.equals(item.getId())) {
            problems.add("record key '" + key + "' differs from id '" + item.getId() + "'");
        }
        try {
            entry(item);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        boolean name = ListedKinds.NAME.equalsIgnoreCase(item.getKind().trim());
        if (!name && !item.getAliases().isEmpty()) {
            problems.add("aliases " + item.getAliases() + " apply to kind name only, not " + item.getKind());
        }
        if (name && !item.getValue().isBlank() && NameKey.of(item.getValue()).isEmpty()) {
            problems.add("name '" + item.getValue() + "' has no letter or digit: it would match nothing");
        }
        for (String alias : item.getAliases()) {
            if (NameKey.of(alias).isEmpty()) {
                problems.add("alias '" + alias + "' has no letter or digit: it would match nothing");
            }
        }
        if (item.getReason().isBlank()) {
            problems.add("empty reason");
        }
        if (item.getCreatedBy().isBlank()) {
            problems.add("empty createdBy");
        }
        return problems;
    }
}
