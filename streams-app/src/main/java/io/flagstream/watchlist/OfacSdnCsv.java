package io.flagstream.watchlist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OFAC's Specially Designated Nationals list in its legacy CSV files, as published at
 * https://sanctionslist.ofac.treas.gov (files {@code sdn.csv} and {@code alt.csv}; no header row, {@code -0-}
 * for an empty field). {@code sdn.csv}: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
 * Tonnage, GRT, Vess_flag, Vess_owner, Remarks; the Remarks field carries the identifiers, among them
 * {@code Digital Currency Address - XBT 1Ff…;}. {@code alt.csv}: ent_num, alt_num, alt_type, alt_name,
 * alt_remarks (the a.k.a. names).
 */
public final class OfacSdnCsv {
    public static final String SOURCE = "OFAC-SDN";
    private static final Pattern DIGITAL_CURRENCY = Pattern.compile("Digital Currency Address - [A-Z0-9]+ ([^;\\s]+)");
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).build();

    private OfacSdnCsv() {
    }

    /** The entries of {@code sdn}, with the aliases of {@code alt} (may be null) joined on ent_num. */
    public static List<WatchListEntry> parse(Reader sdn, Reader alt) throws IOException {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        if (alt != null) {
            for (List<String> row : rows(alt)) {
                if (row.size() >= 4 && !empty(row.get(3))) {
                    aliases.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row.get(3));
                }
            }
        }
        List<WatchListEntry> entries = new ArrayList<>();
        for (List<String> row : rows(sdn)) {
            if (row.size() < 2 || empty(row.get(0)) || empty(row.get(1))) {
                continue;
            }
            String remarks = row.size() > 11 ? row.get(11) : "";
            List<String> addresses = new ArrayList<>();
            Matcher m = DIGITAL_CURRENCY.matcher(remarks);
            while (m.find()) {
                addresses.add(m.group(1));
            }
            List<String> programs = new ArrayList<>();
            if (row.size() > 3 && !empty(row.get(3))) {
                for (String p : row.get(3).split("\\]\\s*\\[")) {
                    programs.add(p.replace("[", "").replace("]", "").trim());
                }
            }
            entries.add(new WatchListEntry(SOURCE, row.get(0), row.get(1), aliases.getOrDefault(row.get(0), List.of()),
                    addresses, List.of(), programs));
        }
        return entries;
    }

    private static List<List<String>> rows(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            while (it.hasNext()) {
                rows.add(List.of(it.next()));
            }
        }
        return rows;
    }

    static boolean empty(String field) {
        return field == null || field.isBlank() || field.trim().equals("-0-");
    }
}
