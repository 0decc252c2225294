package io.flagstream.detect.watchlistmatch;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Records keyed by account: its payouts, logins and account changes that matched a list, each one alert (HIGH) at once. */
final class WatchListMatchProcessor extends DetectorProcessor<ObservedEvent> {
    private enum Kind {
        PAYOUT("Payout to a watch-listed party", " paid out"),
        LOGIN("Login from a watch-listed IP address", " logged in"),
        CHANGE("Account linked to a watch-listed party", " changed its account");

        final String title;
        final String did;

        Kind(String title, String did) {
            this.title = title;
            this.did = did;
        }

        static Kind of(ObservedEvent event) {
            return switch (event.getSource()) {
                case ObservedEvents.PAYOUTS -> PAYOUT;
                case ObservedEvents.ACCOUNT_CHANGES -> CHANGE;
                default -> LOGIN;
            };
        }
    }

    /** The alert's parameter listing the entries it cites, and their separator. */
    static final String ENTRIES = "entries";
    private static final String SEPARATOR = " | ";

    private final ListsInForce lists;

    WatchListMatchProcessor(DetectorInputs inputs, ListsInForce lists) {
        super(WatchListMatchDetector.ID, inputs);
        this.lists = lists;
    }

    /** An alert stands while one of the entries it cites is listed: removing the last one closes it. */
    @Override
    protected boolean stillStands(FraudAlert lastAlert) {
        String entries = lastAlert.getParameters().get(ENTRIES);
        return entries == null || Arrays.stream(entries.split(Pattern.quote(SEPARATOR))).anyMatch(lists::cites);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        Kind kind = Kind.of(event);
        TreeSet<String> entries = new TreeSet<>();
        TreeSet<String> reasons = new TreeSet<>();
        event.getFacts().forEach((fact, value) -> {
            if (fact.startsWith("watchListEntry")) {
                entries.add(value);
            } else if (fact.startsWith("watchListMatch")) {
                reasons.add(value);
            }
        });
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(ENTRIES, String.join(SEPARATOR, entries));
        parameters.put("matching", "instruments and IPs exact; names and aliases equal once case, accents,"
                + " punctuation, legal forms and word order are ignored");
        long t = record.timestamp();
        emit(new AlertDraft(ruleId, Indicator.WATCHLIST,
                kind.title,
                "Account " + account + kind.did + (kind == Kind.CHANGE ? " (" + event.getFacts().get("kind") + ")" : "")
                        + " matching a watch-list: " + String.join("; ", reasons) + ".",
                Severity.HIGH,
                "account", account,
                List.of(event),
                List.of(AlertDraft.threshold("watch-list-matches", 1, reasons.size())),
                parameters,
                t, t), t);
    }
}
