package io.flagstream.watchlist;

import java.util.List;

/**
 * One listed party as a list publishes it: who (name and aliases) and what it uses (payout instruments such
 * as crypto addresses or account numbers, IPs).
 *
 * @param source      the list, e.g. {@code OFAC-SDN} or the name given to a plain CSV list
 * @param id          the entry's id in that list (the SDN {@code ent_num} / {@code uid}, a plain list's {@code id})
 * @param name        the primary name as listed; empty for a row that lists only an instrument or an IP
 * @param aliases     a.k.a. / f.k.a. names
 * @param instruments listed instrument identifiers (for OFAC: the "Digital Currency Address - XBT" numbers)
 * @param ips         listed IP addresses
 * @param programs    sanctions programs (e.g. {@code DPRK3}, {@code CYBER2}), empty when the list has none
 */
public record WatchListEntry(String source, String id, String name, List<String> aliases, List<String> instruments,
                             List<String> ips, List<String> programs) {
    public WatchListEntry {
        aliases = List.copyOf(aliases);
        instruments = List.copyOf(instruments);
        ips = List.copyOf(ips);
        programs = List.copyOf(programs);
    }

    /** How a reviewer finds the entry again: {@code OFAC-SDN #36216 LAZARUS GROUP [DPRK3]}. */
    public String citation() {
        return source + " #" + id + (name.isEmpty() ? "" : " " + name)
                + (programs.isEmpty() ? "" : " [" + String.join(", ", programs) + "]");
    }
}
