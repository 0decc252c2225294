package io.flagstream.watchlist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The list files under test resources {@code /watchlist}, in the official formats. */
final class Fixtures {
    private Fixtures() {
    }

    static Parsed sdnCsv() throws IOException {
        try (Reader sdn = reader("sdn.csv"); Reader alt = reader("alt.csv")) {
            return OfacSdnCsv.parse(sdn, alt);
        }
    }

    static Parsed sdnXml() throws IOException {
        try (InputStream in = resource("sdn.xml")) {
            return OfacSdnXml.parse(in);
        }
    }

    static Parsed plainCsv() throws IOException {
        try (Reader in = reader("plain.csv")) {
            return PlainCsvList.parse("platform-list", in);
        }
    }

    static Reader reader(String name) {
        return new InputStreamReader(resource(name), StandardCharsets.UTF_8);
    }

    static InputStream resource(String name) {
        return Objects.requireNonNull(Fixtures.class.getResourceAsStream("/watchlist/" + name), name);
    }
}
