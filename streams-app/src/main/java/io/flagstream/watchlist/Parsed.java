package io.flagstream.watchlist;

import java.util.List;

/**
 * What a list file gave: its entries, and the rows left out, each with where it is and why (a row without
 * an id or a name, the end-of-file mark of OFAC's legacy CSV files, …), for the start-up log.
 */
public record Parsed(List<WatchListEntry> entries, List<String> skipped) {
    public Parsed {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }
}
