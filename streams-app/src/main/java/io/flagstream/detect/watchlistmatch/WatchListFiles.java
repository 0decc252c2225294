package io.flagstream.detect.watchlistmatch;

import io.flagstream.config.ConfigException;
import io.flagstream.watchlist.OfacSdnCsv;
import io.flagstream.watchlist.OfacSdnXml;
import io.flagstream.watchlist.Parsed;
import io.flagstream.watchlist.PlainCsvList;
import io.flagstream.watchlist.WatchListEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the configured list files once, when the topology is built: OFAC's {@code sdn.xml}, or its
 * {@code sdn.csv} with the {@code alt.csv} beside it (as OFAC publishes them), and the plain CSV lists, each
 * named by its file name. A file that cannot be read as its format stops the start with the setting named; the
 * rows an official file has that are no entry are logged with their reason and left out.
 */
final class WatchListFiles {
    private static final Logger log = LoggerFactory.getLogger(WatchListFiles.class);
    static final String OFAC_SDN = "flagstream.detector." + WatchListMatchDetector.ID + ".ofac-sdn";
    static final String LISTS = "flagstream.detector." + WatchListMatchDetector.ID + ".lists";

    private WatchListFiles() {
    }

    static List<WatchListEntry> load(WatchListMatchSettings settings) {
        List<WatchListEntry> entries = new ArrayList<>();
        if (settings.ofacSdn() != null) {
            entries.addAll(read(OFAC_SDN, settings.ofacSdn()));
        }
        for (Path list : settings.lists()) {
            entries.addAll(read(LISTS, list));
        }
        return entries;
    }

    private static List<WatchListEntry> read(String setting, Path file) {
        Parsed parsed;
        try {
            parsed = parse(setting, file);
        } catch (IOException e) {
            throw new ConfigException(setting, "cannot read " + file + ": " + e.getMessage());
        }
        parsed.skipped().forEach(reason -> log.warn("Watch-list {}: {}, left out", file, reason));
        log.info("Watch-list {}: {} entries", file, parsed.entries().size());
        return parsed.entries();
    }

    private static Parsed parse(String setting, Path file) throws IOException {
        if (setting.equals(LISTS)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return PlainCsvList.parse(file.getFileName().toString(), in);
            }
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
            try (InputStream in = Files.newInputStream(file)) {
                return OfacSdnXml.parse(in);
            }
        }
        Path alt = file.resolveSibling("alt.csv");
        // Read as ISO-8859-1, which takes any byte: one stray non-UTF-8 byte in the official file cannot stop the load.
        try (Reader sdn = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             Reader aliases = Files.isReadable(alt) ? Files.newBufferedReader(alt, StandardCharsets.ISO_8859_1) : null) {
            return OfacSdnCsv.parse(sdn, aliases);
        }
    }
}
