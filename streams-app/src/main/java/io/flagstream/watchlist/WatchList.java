package io.flagstream.watchlist;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listed parties indexed for lookups per event: an instrument ({@link InstrumentKey}: exact, case ignored only
 * where the address format ignores it), an IP ({@link IpKey}: exact), or a name ({@link NameKey}: accents,
 * case, punctuation, legal forms and word order ignored; the list's aliases count as names). Matching is a
 * hash lookup per value, never a scan of the list, and every match says which rule made it.
 */
public final class WatchList {
    /** Match kinds, as cited in alerts. */
    public static final String SAME_INSTRUMENT = "same instrument";
    public static final String SAME_IP = "same IP address";
    public static final String SAME_NAME = "same name ignoring case, accents, punctuation, legal form and word order";
    public static final String SAME_ALIAS = "same as a listed alias ignoring case, accents, punctuation, legal form and word order";

    /** What matched: the entry, the event field, the event's value, the listed value it met, and how. */
    public record Match(WatchListEntry entry, String field, String value, String listed, String how) {
        public String reason() {
            return field + " '" + value + "' matches '" + listed + "' (" + how + ") on " + entry.citation();
        }
    }

    private record Listed(WatchListEntry entry, String listed, String how) {
    }

    private final Map<String, List<Listed>> instruments = new HashMap<>();
    private final Map<String, List<Listed>> ips = new HashMap<>();
    private final Map<String, List<Listed>> names = new HashMap<>();
    private final Set<String> citations = new HashSet<>();

    public WatchList(Collection<WatchListEntry> entries) {
        for (WatchListEntry e : entries) {
            citations.add(e.citation());
            e.instruments().forEach(i -> add(instruments, InstrumentKey.of(i), new Listed(e, i, SAME_INSTRUMENT)));
            e.ips().forEach(ip -> add(ips, IpKey.of(ip), new Listed(e, ip, SAME_IP)));
            add(names, NameKey.of(e.name()), new Listed(e, e.name(), SAME_NAME));
            e.aliases().forEach(a -> add(names, NameKey.of(a), new Listed(e, a, SAME_ALIAS)));
        }
    }

    private static void add(Map<String, List<Listed>> index, String key, Listed listed) {
        if (!key.isEmpty()) {
            index.computeIfAbsent(key, k -> new ArrayList<>()).add(listed);
        }
    }

    public List<Match> matchInstrument(String field, String instrument) {
        return matches(instruments, InstrumentKey.of(instrument), field, instrument);
    }

    public List<Match> matchIp(String field, String ip) {
        return matches(ips, IpKey.of(ip), field, ip);
    }

    public List<Match> matchName(String field, String name) {
        return matches(names, NameKey.of(name), field, name);
    }

    private static List<Match> matches(Map<String, List<Listed>> index, String key, String field, String value) {
        if (key.isEmpty()) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        for (Listed l : index.getOrDefault(key, List.of())) {
            matches.add(new Match(l.entry(), field, value, l.listed(), l.how()));
        }
        return matches;
    }

    /** Every match of a payout: its instrument, its holder's name, its intermediary's name, the IP that requested it. */
    public List<Match> match(Payout p) {
        List<Match> matches = new ArrayList<>(matchInstrument("instrument", p.getInstrument().getFingerprint()));
        matches.addAll(matchName("holder", p.getInstrument().getHolderName()));
        if (p.getIntermediary() != null) {
            matches.addAll(matchName("intermediary", p.getIntermediary().getName()));
        }
        matches.addAll(matchIp("requestIp", p.getRequestIp()));
        return matches;
    }

    /**
     * Every match of an account change: the instrument it adds, updates or removes and that instrument's holder,
     * and the legal name it declares. A listed party opening an account, or an account linking a listed
     * instrument, is known before any money moves.
     */
    public List<Match> match(AccountChange c) {
        List<Match> matches = new ArrayList<>();
        if (c.getInstrument() != null) {
            matches.addAll(matchInstrument("instrument", c.getInstrument().getFingerprint()));
            matches.addAll(matchName("holder", c.getInstrument().getHolderName()));
        }
        if (c.getLegalName() != null) {
            matches.addAll(matchName("legalName", c.getLegalName()));
        }
        return matches;
    }

    /** Every match of a login: its IP. */
    public List<Match> match(Login l) {
        return matchIp("ip", l.getIp());
    }

    /** Whether an entry that an alert cites ({@link WatchListEntry#citation}) is on this list. */
    public boolean cites(String citation) {
        return citations.contains(citation);
    }

    public boolean isEmpty() {
        return instruments.isEmpty() && ips.isEmpty() && names.isEmpty();
    }
}
