package io.flagstream.watchlist;

import io.flagstream.events.Payout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Listed parties indexed for the payout path: an instrument (fingerprint or crypto address, exact), an IP
 * (exact), or a name ({@link NameKey}: accents, case, punctuation, legal forms and word order ignored; the
 * list's aliases count as names). A payout matches when its instrument is listed, or its holder or its
 * intermediary bears a listed name.
 */
public final class WatchList {
    /** What matched: the entry, the payout field, the payout's value and the listed value it met. */
    public record Match(WatchListEntry entry, String field, String value, String listed) {
        public String reason() {
            return field + " '" + value + "' matches '" + listed + "' on " + entry.citation();
        }
    }

    private record Named(WatchListEntry entry, String listed) {
    }

    private final Map<String, WatchListEntry> instruments = new HashMap<>();
    private final Map<String, WatchListEntry> ips = new HashMap<>();
    private final Map<String, List<Named>> names = new HashMap<>();

    public WatchList(Collection<WatchListEntry> entries) {
        for (WatchListEntry e : entries) {
            e.instruments().forEach(i -> instruments.putIfAbsent(i.trim(), e));
            e.ips().forEach(ip -> ips.putIfAbsent(ip.trim(), e));
            addName(e, e.name());
            e.aliases().forEach(a -> addName(e, a));
        }
    }

    private void addName(WatchListEntry e, String name) {
        String key = NameKey.of(name);
        if (!key.isEmpty()) {
            names.computeIfAbsent(key, k -> new ArrayList<>()).add(new Named(e, name));
        }
    }

    public List<Match> matchInstrument(String instrument) {
        WatchListEntry e = instrument == null ? null : instruments.get(instrument.trim());
        return e == null ? List.of() : List.of(new Match(e, "instrument", instrument, instrument.trim()));
    }

    public List<Match> matchIp(String ip) {
        WatchListEntry e = ip == null ? null : ips.get(ip.trim());
        return e == null ? List.of() : List.of(new Match(e, "ip", ip, ip.trim()));
    }

    public List<Match> matchName(String field, String name) {
        List<Match> matches = new ArrayList<>();
        for (Named n : names.getOrDefault(NameKey.of(name), List.of())) {
            matches.add(new Match(n.entry(), field, name, n.listed()));
        }
        return matches;
    }

    /** Every match of a payout: its instrument, its holder name, its intermediary's name. */
    public List<Match> match(Payout p) {
        List<Match> matches = new ArrayList<>(matchInstrument(p.getInstrument().getFingerprint()));
        matches.addAll(matchName("holder", p.getInstrument().getHolderName()));
        if (p.getIntermediary() != null) {
            matches.addAll(matchName("intermediary", p.getIntermediary().getName()));
        }
        return matches;
    }

    public int size() {
        return instruments.size() + ips.size() + names.size();
    }
}
