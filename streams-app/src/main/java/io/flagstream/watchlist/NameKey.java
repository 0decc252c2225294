package io.flagstream.watchlist;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A name reduced to what identifies it across spellings: accents removed, case and punctuation ignored,
 * legal-form words dropped ({@code Ltd}, {@code LLC}, {@code Co.}…), and the words sorted, so
 * {@code "KIM, Jong-Un"}, {@code "Jong Un Kim"} and {@code "Pacific Trade Ltd."} / {@code "PACIFIC TRADE LIMITED"}
 * meet. Word order is ignored because lists write {@code LAST, First} and payout forms {@code First Last}.
 */
public final class NameKey {
    private static final Set<String> LEGAL_FORMS = Set.of("ltd", "limited", "llc", "inc", "co", "corp", "corporation",
            "company", "plc", "gmbh", "sa", "jsc", "pte", "the");

    private NameKey() {
    }

    /** The key of {@code name}; empty for a name with no letters or digits. */
    public static String of(String name) {
        if (name == null) {
            return "";
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        if (plain.isEmpty()) {
            return "";
        }
        return Arrays.stream(plain.split(" ")).filter(w -> !LEGAL_FORMS.contains(w)).sorted()
                .collect(Collectors.joining(" "));
    }
}
