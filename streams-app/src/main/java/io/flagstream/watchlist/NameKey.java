package io.flagstream.watchlist;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A name reduced to what identifies it across spellings: accents removed, case and punctuation ignored,
 * legal-form words dropped ({@code Ltd}, {@code LLC}, {@code Co.}…), and the words sorted, so
 * {@code "KIM, Jong-Un"}, {@code "Jong Un Kim"} and {@code "Pacific Trade Ltd."} / {@code "PACIFIC TRADE LIMITED"}
 * meet. Dots and apostrophes join what they separate ({@code I.T.} = {@code IT}, {@code O'Brien} = {@code OBrien}).
 * Word order is ignored because lists write {@code LAST, First} and payout forms {@code First Last}. This is
 * the whole of the fuzziness: no edit distance, so a benign name one letter away ({@code Wei Lin}) never matches,
 * and the list's own aliases cover the spellings it knows.
 */
public final class NameKey {
    private static final Set<String> LEGAL_FORMS = Set.of("ltd", "limited", "llc", "llp", "inc", "incorporated", "co",
            "corp", "corporation", "company", "plc", "gmbh", "ag", "bv", "sa", "sarl", "srl", "jsc", "ojsc", "cjsc", "pjsc",
            "ooo", "pte", "pvt", "the");
    // Compiled once (String.replaceAll compiles on every call): names are keyed for every event the list is matched against.
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern JOINERS = Pattern.compile("[.'\u2019]");
    private static final Pattern NOT_LETTERS_OR_DIGITS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private NameKey() {
    }

    /** The key of {@code name}; empty for a name with no letters or digits. */
    public static String of(String name) {
        if (name == null) {
            return "";
        }
        String plain = NOT_LETTERS_OR_DIGITS.matcher(JOINERS.matcher(folded(name)).replaceAll("")).replaceAll(" ").trim();
        if (plain.isEmpty()) {
            return "";
        }
        return Arrays.stream(plain.split(" ")).filter(w -> !LEGAL_FORMS.contains(w)).sorted()
                .collect(Collectors.joining(" "));
    }

    /** {@code name} in lower case with its accents removed (Unicode decomposition, marks dropped): "Kím" is "kim". */
    public static String folded(String name) {
        return MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
