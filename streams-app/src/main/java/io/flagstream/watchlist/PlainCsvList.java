package io.flagstream.watchlist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A platform's own list as plain CSV with a header {@code id,kind,value,aliases}: kind {@code instrument}
 * (a payout instrument fingerprint or crypto address), {@code name} (a holder or intermediary name;
 * {@code aliases} separated by {@code ;}) or {@code ip}. A row of another kind is refused with its line.
 */
public final class PlainCsvList {
    private static final CsvMapper CSV = new CsvMapper();

    private PlainCsvList() {
    }

    public static List<WatchListEntry> parse(String source, Reader in) throws IOException {
        List<WatchListEntry> entries = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema).readValues(in)) {
            int line = 1;
            while (it.hasNext()) {
                line++;
                Map<String, String> row = it.next();
                String id = row.getOrDefault("id", "").trim();
                String kind = row.getOrDefault("kind", "").trim().toLowerCase(Locale.ROOT);
                String value = row.getOrDefault("value", "").trim();
                if (value.isEmpty()) {
                    throw new IOException(source + ":" + line + ": empty value");
                }
                List<String> aliases = Arrays.stream(row.getOrDefault("aliases", "").split(";"))
                        .map(String::trim).filter(a -> !a.isEmpty()).toList();
                entries.add(switch (kind) {
                    case "instrument" -> new WatchListEntry(source, id, "", List.of(), List.of(value), List.of(), List.of());
                    case "name" -> new WatchListEntry(source, id, value, aliases, List.of(), List.of(), List.of());
                    case "ip" -> new WatchListEntry(source, id, "", List.of(), List.of(), List.of(value), List.of());
                    default -> throw new IOException(source + ":" + line + ": kind must be instrument, name or ip, not '" + kind + "'");
                });
            }
        }
        return entries;
    }
}
