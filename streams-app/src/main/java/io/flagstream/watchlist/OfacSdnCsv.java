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
 * for an empty field, quoted fields that may span lines, a lone {@code 0x1A} end-of-file mark on the last
 * line). {@code sdn.csv}: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks; the Remarks field carries the identifiers, among them
 * {@code Digital Currency Address - XBT 1Ff…;}. Several programs are written {@code DPRK3] [DPRK4}.
 * {@code alt.csv}: ent_num, alt_num, alt_type, alt_name, alt_remarks (the a.k.a. / f.k.a. names).
 * {@code add.csv} (postal addresses) is not read: no event carries a postal address to compare.
 *
 * <p>A row that cannot be an entry (no numeric ent_num, no name) is skipped with its row number and reason,
 * not fatal: the official file is what it is, and one odd row must not keep the rest of the list out.
 */
public final class OfacSdnCsv {
    public static final String SOURCE = "OFAC-SDN";
    private static final String EOF_MARK = "\u001a";
    private static final Pattern DIGITAL_CURRENCY = Pattern.compile("Digital Currency Address - ([A-Z0-9]+) ([^;\\s]+)");
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).build();

    private OfacSdnCsv() {
    }

    /** The entries of {@code sdn}, with the aliases of {@code alt} (may be null) joined on ent_num. */
    public static Parsed parse(Reader sdn, Reader alt) throws IOException {
        List<String> skipped = new ArrayList<>();
        Map<String, List<String>> aliases = alt == null ? Map.of() : aliases(alt, skipped);
        List<WatchListEntry> entries = new ArrayList<>();
        List<List<String>> rows = rows(sdn);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (isEndOfFile(row)) {
                continue;
            }
            String where = "sdn.csv row " + (i + 1);
            if (empty(row.get(0)) || !row.get(0).trim().matches("\\d+")) {
                skipped.add(where + ": ent_num '" + row.get(0) + "' is not a number");
                continue;
            }
            if (row.size() < 2 || empty(row.get(1))) {
                skipped.add(where + ": ent_num " + row.get(0) + " has no SDN_Name");
                continue;
            }
            String remarks = row.size() > 11 && !empty(row.get(11)) ? row.get(11) : "";
            entries.add(new WatchListEntry(SOURCE, row.get(0).trim(), row.get(1).trim(),
                    aliases.getOrDefault(row.get(0).trim(), List.of()), digitalCurrencyAddresses(remarks), List.of(),
                    row.size() > 3 ? programs(row.get(3)) : List.of()));
        }
        return new Parsed(entries, skipped);
    }

    private static Map<String, List<String>> aliases(Reader alt, List<String> skipped) throws IOException {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        List<List<String>> rows = rows(alt);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (isEndOfFile(row)) {
                continue;
            }
            if (row.size() < 4 || empty(row.get(0)) || empty(row.get(3))) {
                skipped.add("alt.csv row " + (i + 1) + ": no ent_num or alt_name");
                continue;
            }
            aliases.computeIfAbsent(row.get(0).trim(), k -> new ArrayList<>()).add(row.get(3).trim());
        }
        return aliases;
    }

    /** The addresses of the remarks' {@code Digital Currency Address - <currency> <address>} items. */
    static List<String> digitalCurrencyAddresses(String remarks) {
        List<String> addresses = new ArrayList<>();
        Matcher m = DIGITAL_CURRENCY.matcher(remarks);
        while (m.find()) {
            // The last item of the remarks ends the sentence: "... - ETH 0xabc." (no address ends with a dot).
            addresses.add(m.group(2).replaceAll("\\.+$", ""));
        }
        return addresses;
    }

    /** {@code DPRK3] [DPRK4} → DPRK3, DPRK4. */
    private static List<String> programs(String field) {
        List<String> programs = new ArrayList<>();
        if (!empty(field)) {
            for (String p : field.split("\\]\\s*\\[")) {
                programs.add(p.replace("[", "").replace("]", "").trim());
            }
        }
        return programs;
    }

    private static boolean isEndOfFile(List<String> row) {
        return row.size() == 1 && (row.get(0).isBlank() || row.get(0).trim().equals(EOF_MARK));
    }

    private static List<List<String>> rows(Reader in) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            while (it.hasNext()) {
                rows.add(List.of(it.next()));
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("not an OFAC SDN CSV file: " + e.getMessage(), e);
        }
        return rows;
    }

    static boolean empty(String field) {
        return field == null || field.isBlank() || field.trim().equals("-0-");
    }
}
