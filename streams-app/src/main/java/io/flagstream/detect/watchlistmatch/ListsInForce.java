package io.flagstream.detect.watchlistmatch;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.watchlist.WatchList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lists an event is matched against: the configured files, read once when the topology is built, and the
 * live watch-list as it is when the event is processed, so an entry added live applies from the next event on,
 * without a restart. Two lookups per event field, no copy of either list: the live index is read through one
 * volatile field of {@link LiveSettings}, replaced whole on each change.
 */
final class ListsInForce {
    private final WatchList files;
    private final LiveSettings live;

    ListsInForce(WatchList files, LiveSettings live) {
        this.files = files;
        this.live = live;
    }

    List<WatchList.Match> match(Payout payout) {
        return both(list -> list.match(payout));
    }

    List<WatchList.Match> match(AccountChange change) {
        return both(list -> list.match(change));
    }

    List<WatchList.Match> match(Login login) {
        return both(list -> list.match(login));
    }

    /** Whether a cited entry is still listed, in the files or live. */
    boolean cites(String citation) {
        return files.cites(citation) || live.watchList().cites(citation);
    }

    /** The files' matches, then the live entries'. */
    private List<WatchList.Match> both(Function<WatchList, List<WatchList.Match>> match) {
        WatchList liveList = live.watchList();
        List<WatchList.Match> fromFiles = match.apply(files);
        if (liveList.isEmpty()) {
            return fromFiles;
        }
        List<WatchList.Match> all = new ArrayList<>(fromFiles);
        all.addAll(match.apply(liveList));
        return all;
    }
}
