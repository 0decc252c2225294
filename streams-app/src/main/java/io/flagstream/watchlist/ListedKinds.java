package io.flagstream.watchlist;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of entry an operator lists by hand, in a plain CSV file ({@link PlainCsvList}) or live on the
 * watch-list topic: one definition for both, so an entry means the same wherever it was written.
 * {@code instrument} (a payout instrument fingerprint or crypto address, compared by {@link InstrumentKey}),
 * {@code name} (a holder or intermediary name with its aliases, {@link NameKey}) and {@code ip} (one IPv4 or
 * IPv6 address, {@link IpKey}). A crypto address is an instrument: that is what a payout names it.
 */
public final class ListedKinds {
    public static final String INSTRUMENT = "instrument";
    public static final String NAME = "name";
    public static final String IP = "ip";
    public static final List<String> ALL = List.of(INSTRUMENT, NAME, IP);

    private ListedKinds() {
    }

    /**
     * The entry listing {@code value} as {@code kind} (case ignored, trimmed); aliases count for a name only.
     *
     * @throws IllegalArgumentException saying what is wrong: an empty id or value, an unknown kind, an IP that is
     *                                  no single address
     */
    public static WatchListEntry entry(String source, String id, String kind, String value, List<String> aliases,
                                       List<String> programs) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.trim();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("empty id (the reference an alert cites)");
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty value");
        }
        return switch (k) {
            case INSTRUMENT -> new WatchListEntry(source, id.trim(), "", List.of(), List.of(v), List.of(), programs);
            case NAME -> new WatchListEntry(source, id.trim(), v, aliases, List.of(), List.of(), programs);
            case IP -> {
                if (!IpKey.isLiteral(v)) {
                    throw new IllegalArgumentException("'" + v + "' is not one IPv4 or IPv6 address (ranges are not supported)");
                }
                yield new WatchListEntry(source, id.trim(), "", List.of(), List.of(), List.of(v), programs);
            }
            default -> throw new IllegalArgumentException("kind must be instrument, name or ip, not '" + k + "'");
        };
    }
}
