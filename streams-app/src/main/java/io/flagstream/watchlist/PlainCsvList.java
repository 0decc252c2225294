package io.flagstream.watchlist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A platform's own list as plain CSV with a header {@code id,kind,value,aliases} ({@code aliases} optional):
 * {@code id} is the reference an alert cites (a ticket, a case number); kind {@code instrument} (a payout
 * instrument fingerprint or crypto address), {@code name} (a holder or intermediary name; {@code aliases}
 * separated by {@code ;}) or {@code ip} (one IPv4 or IPv6 address). The operator wrote this file, so a bad
 * row is a mistake to fix, not a row to skip: it is refused with its line. The kinds are {@link ListedKinds}, shared
 * with the live watch-list.
 */
public final class PlainCsvList {
    private static final CsvMapper CSV = new CsvMapper();

    private PlainCsvList() {
    }

    public static Parsed parse(String source, Reader in) throws IOException {
        List<WatchListEntry> entries = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema).readValues(in)) {
            int line = 1;
            while (it.hasNext()) {
                line++;
                entries.add(entry(source, line, it.next()));
            }
        } catch (RuntimeException e) {
            throw new IOException(source + ": not a CSV list with header id,kind,value[,aliases]: " + e.getMessage(), e);
        }
        return new Parsed(entries, List.of());
    }

    private static WatchListEntry entry(String source, int line, Map<String, String> row) throws IOException {
        List<String> aliases = Arrays.stream(row.getOrDefault("aliases", "").split(";"))
                .map(String::trim).filter(a -> !a.isEmpty()).toList();
        try {
            return ListedKinds.entry(source, row.getOrDefault("id", ""), row.getOrDefault("kind", ""),
                    row.getOrDefault("value", ""), aliases, List.of());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ":" + line + ": " + e.getMessage(), e);
        }
    }
}
