package io.flagstream.detect.watchlistmatch;

import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.watchlist.WatchList;

import java.util.List;

/** The lists an event is looked up in: the configured list files. */
final class ListedParties {
    private final WatchList files;

    ListedParties(WatchList files) {
        this.files = files;
    }

    List<WatchList.Match> match(Payout payout) {
        return files.match(payout);
    }

    List<WatchList.Match> match(Login login) {
        return files.match(login);
    }
}
