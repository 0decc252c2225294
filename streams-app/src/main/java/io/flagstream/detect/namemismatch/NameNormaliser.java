package io.flagstream.detect.namemismatch;

import io.flagstream.watchlist.NameKey;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares a payment instrument's holder name with an account's legal name the way a reviewer would:
 * ignoring case, accents (Unicode decomposition, marks dropped), punctuation and the order of the name parts,
 * so "Kim Min-jun", "MIN JUN KIM" and "Kím, Min Jun" are one name. Parts written together or apart
 * ("Minjun Kim" / "Min-jun Kim", "O'Brien" / "OBrien") are also the same name when the letters match in
 * some rotation of the parts (family name first or last). Different scripts (김민준 vs Kim Min-jun) are not
 * transliterated: they compare as different.
 */
public final class NameNormaliser {
    // Compiled once: String.replaceAll compiles its pattern on every call, and A9 compares names on every payout.
    private static final Pattern NOT_LETTERS_OR_DIGITS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private NameNormaliser() {
    }

    /** The name's parts: lower case, accents and punctuation removed, in their original order. */
    public static List<String> parts(String name) {
        if (name == null) {
            return List.of();
        }
        String s = NameKey.folded(name);
        s = s.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("ł", "l")
                .replace("đ", "d").replace("ð", "d").replace("þ", "th").replace("ı", "i");
        String cleaned = NOT_LETTERS_OR_DIGITS.matcher(s).replaceAll(" ").trim();
        return cleaned.isEmpty() ? List.of() : List.of(cleaned.split(" "));
    }

    /** The canonical form: parts sorted and joined by one space ("jun kim min"); empty when no letters. */
    public static String normalise(String name) {
        return sortedJoined(parts(name));
    }

    private static String sortedJoined(List<String> parts) {
        List<String> sorted = new ArrayList<>(parts);
        sorted.sort(null);
        return String.join(" ", sorted);
    }

    /** True when the name has letters or digits to compare at all. */
    public static boolean present(String name) {
        return !parts(name).isEmpty();
    }

    /** Same person's name, per the rules above. Either name missing counts as the same (nothing to compare). */
    public static boolean same(String a, String b) {
        List<String> pa = parts(a);
        List<String> pb = parts(b);
        if (pa.isEmpty() || pb.isEmpty()) {
            return true;
        }
        if (sortedJoined(pa).equals(sortedJoined(pb))) {
            return true;
        }
        return rotationSpells(pa, String.join("", pb)) || rotationSpells(pb, String.join("", pa));
    }

    private static boolean rotationSpells(List<String> parts, String letters) {
        String[] p = parts.toArray(String[]::new);
        for (int r = 0; r < p.length; r++) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < p.length; i++) {
                joined.append(p[(r + i) % p.length]);
            }
            if (joined.toString().equals(letters)) {
                return true;
            }
        }
        return false;
    }
}
