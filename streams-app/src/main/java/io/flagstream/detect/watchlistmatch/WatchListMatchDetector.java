package io.flagstream.detect.watchlistmatch;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.state.ObservedEvent;
import io.flagstream.watchlist.WatchList;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.util.List;
import java.util.function.Function;

/**
 * Watch-lists: alert HIGH on account A at once when a payout of A goes to a listed instrument (a crypto address
 * of the OFAC SDN list, an instrument of the platform's list), its holder or intermediary bears a listed name or
 * alias, or it was requested from a listed IP; when A logs in from a listed IP; and when an account change of A
 * links a listed instrument or one held in a listed name, or declares a listed legal name. The alert cites each entry
 * (list, id, programs), the value that matched and how ({@link WatchList}). The lists are the configured files
 * and the live watch-list ({@link ListsInForce}). Stateless apart from the episodes that deduplicate alerts: each
 * event is looked up in the lists, no repartition, no window.
 */
public final class WatchListMatchDetector implements Detector {
    /** Not an advisory item: a payout to, or a login from, a party on a sanctions or watch list. */
    public static final String ID = "watch-list-match";

    /** The list files, read here so that one that cannot be read stops the start. */
    private final WatchList files;

    public WatchListMatchDetector(WatchListMatchSettings settings) {
        this.files = new WatchList(WatchListFiles.load(settings));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.WATCHLIST;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ListsInForce lists = new ListsInForce(files, inputs.live());
        KStream<String, ObservedEvent> payouts = listed(inputs.payouts(), "payouts", lists::match,
                p -> ObservedEvents.of(p, p.getInstrument().getFingerprint()));
        KStream<String, ObservedEvent> logins = listed(inputs.logins(), "logins", lists::match, l -> ObservedEvents.of(l, l.getIp()));
        KStream<String, ObservedEvent> changes = listed(inputs.accountChanges(), "account-changes", lists::match,
                c -> ObservedEvents.of(c, c.getAccountId()));
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new WatchListMatchProcessor(inputs, lists),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return payouts.merge(logins, Named.as(ID + "-merge"))
                .merge(changes, Named.as(ID + "-merge-account-changes"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    /** The events of one input that match a list, as evidence with their matches ({@code <id>-match-<input>}). */
    private static <T> KStream<String, ObservedEvent> listed(KStream<String, T> input, String name,
                                                            Function<T, List<WatchList.Match>> match,
                                                            Function<T, ObservedEvent> observed) {
        return input.mapValues(e -> {
                    List<WatchList.Match> matches = match.apply(e);
                    return matches.isEmpty() ? null : observe(observed.apply(e), matches);
                }, Named.as(ID + "-match-" + name))
                .filter((account, e) -> e != null, Named.as(ID + "-listed-" + name + "-only"));
    }

    /** The event as evidence with what it matched: per match, the entry cited and the reason. */
    static ObservedEvent observe(ObservedEvent event, List<WatchList.Match> matches) {
        for (int i = 0; i < matches.size(); i++) {
            WatchList.Match m = matches.get(i);
            String n = matches.size() == 1 ? "" : "." + (i + 1);
            event.getFacts().put("watchListMatch" + n, m.reason());
            event.getFacts().put("watchListEntry" + n, m.entry().citation());
        }
        return event;
    }
}
