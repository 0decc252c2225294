package io.flagstream.detect.accountmanyips;

import io.flagstream.state.ObservedEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sliding-window search A1 needs, exact under out-of-order arrival: among all windows [s, s + W] that
 * contain the new login's time and start at a login, one where the distinct IPs reach {@code minIps} and
 * the distinct IP countries reach {@code minCountries} together, preferring more countries, then more IPs.
 * Like {@link io.flagstream.detect.EventWindow#densest}, a two-pointer sweep over time-ordered logins, but
 * counting two keys at once (the window with most IPs need not be the one with most countries).
 */
final class IpCountrySpread {
    static final String IP = "ip";
    static final String COUNTRY = "ipCountry";

    private IpCountrySpread() {
    }

    /** The logins of a chosen window, their distinct IPs and countries, and the window's bounds. */
    record Spread(List<ObservedEvent> events, int ips, int countries, long start, long end) {
    }

    /**
     * @param events logins ordered by timestamp, covering at least [pivot - W, pivot + W]; facts {@value #IP}
     *               and (optionally) {@value #COUNTRY}
     * @param pivot  the new login's time: the window must contain it
     */
    static Optional<Spread> satisfying(List<ObservedEvent> events, long pivot, long windowMs, int minIps, int minCountries) {
        Map<String, Integer> ips = new HashMap<>();
        Map<String, Integer> countries = new HashMap<>();
        int from = 0;
        while (from < events.size() && events.get(from).getTimestamp() < pivot - windowMs) {
            from++;
        }
        int to = from;
        Spread best = null;
        for (int i = from; i < events.size() && events.get(i).getTimestamp() <= pivot; i++) {
            long end = events.get(i).getTimestamp() + windowMs;
            while (to < events.size() && events.get(to).getTimestamp() <= end) {
                add(ips, ip(events.get(to)));
                add(countries, country(events.get(to)));
                to++;
            }
            if (ips.size() >= minIps && countries.size() >= minCountries
                    && (best == null || countries.size() > best.countries()
                    || countries.size() == best.countries() && ips.size() > best.ips())) {
                long start = events.get(i).getTimestamp();
                best = new Spread(List.copyOf(events.subList(i, to)), ips.size(), countries.size(), start, start + windowMs);
            }
            remove(ips, ip(events.get(i)));
            remove(countries, country(events.get(i)));
        }
        return Optional.ofNullable(best);
    }

    private static String ip(ObservedEvent e) {
        return e.getFacts().get(IP);
    }

    private static String country(ObservedEvent e) {
        return e.getFacts().get(COUNTRY);
    }

    private static void add(Map<String, Integer> counts, String key) {
        if (key != null) {
            counts.merge(key, 1, Integer::sum);
        }
    }

    private static void remove(Map<String, Integer> counts, String key) {
        if (key != null) {
            counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
    }
}
