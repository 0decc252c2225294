package io.flagstream.detect.locationmismatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The window's counts for one check (logins, payouts or shipping changes): how many events matched the
 * declared country as of their time ("home"), how many were payouts into an established instrument in another
 * country ("established": counted, but not against the declared country) and how many went to each other
 * country. Counter names are {@code <check>:=} for home, {@code <check>:+} for established and
 * {@code <check>:<country>} otherwise.
 */
record CountryTally(Check check, long home, long established, Map<String, Long> away) {
    static final String HOME = "=";
    static final String ESTABLISHED = "+";

    /** The three comparisons of A11/A15. */
    enum Check {
        LOGINS("login", "A11"), PAYOUTS("payout", "A11"), SHIPPING("shipping", "A15");

        final String counterPrefix;
        final String indicator;

        Check(String counterPrefix, String indicator) {
            this.counterPrefix = counterPrefix;
            this.indicator = indicator;
        }

        static Check of(String counterPrefix) {
            for (Check c : values()) {
                if (c.counterPrefix.equals(counterPrefix)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * The counter of one event; {@code established}: a payout into an instrument the account has had for a
     * while, whose country says where the account has long been paid (its own bank abroad, or a payroll or
     * escrow collection account), not where the account is.
     */
    static String counter(Check check, String country, String declaredCountry, boolean established) {
        String where = country.equalsIgnoreCase(declaredCountry) ? HOME : established ? ESTABLISHED : country.toUpperCase();
        return check.counterPrefix + ":" + where;
    }

    /** Tallies of every check that has counts, from the summed counters. */
    static Map<Check, CountryTally> of(Map<String, Long> counters) {
        Map<Check, Long> home = new LinkedHashMap<>();
        Map<Check, Long> established = new LinkedHashMap<>();
        Map<Check, Map<String, Long>> away = new LinkedHashMap<>();
        counters.forEach((counter, n) -> {
            int colon = counter.indexOf(':');
            Check check = colon < 0 ? null : Check.of(counter.substring(0, colon));
            if (check == null) {
                return;
            }
            String country = counter.substring(colon + 1);
            if (HOME.equals(country)) {
                home.merge(check, n, Long::sum);
            } else if (ESTABLISHED.equals(country)) {
                established.merge(check, n, Long::sum);
            } else {
                away.computeIfAbsent(check, c -> new LinkedHashMap<>()).merge(country, n, Long::sum);
            }
        });
        Map<Check, CountryTally> tallies = new LinkedHashMap<>();
        for (Check check : Check.values()) {
            if (home.containsKey(check) || established.containsKey(check) || away.containsKey(check)) {
                tallies.put(check, new CountryTally(check, home.getOrDefault(check, 0L), established.getOrDefault(check, 0L),
                        away.getOrDefault(check, Map.of())));
            }
        }
        return tallies;
    }

    long awayTotal() {
        return away.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every counted event; established payouts count, so a few new instruments abroad are not a majority. */
    long total() {
        return home + established + awayTotal();
    }

    double awayShare() {
        return total() == 0 ? 0 : (double) awayTotal() / total();
    }

    /**
     * Logins: at least {@code minLogins} and most of them from elsewhere. Payouts: at least {@code minPayouts}
     * and most of them to elsewhere. Shipping: any change to another country.
     */
    boolean mismatched(int minLogins, int minPayouts) {
        return switch (check) {
            case LOGINS -> total() >= minLogins && 2 * awayTotal() > total();
            case PAYOUTS -> total() >= minPayouts && 2 * awayTotal() > total();
            case SHIPPING -> awayTotal() > 0;
        };
    }

    /** Other countries, most events first: "CN 5, RU 1". */
    String awayByCountry() {
        return sortedAway().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The other country with most events (alphabetical on a tie). */
    String topAwayCountry() {
        List<Map.Entry<String, Long>> sorted = sortedAway();
        return sorted.isEmpty() ? null : sorted.get(0).getKey();
    }

    private List<Map.Entry<String, Long>> sortedAway() {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(away.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }
}
