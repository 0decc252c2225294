package io.flagstream.detect.watchlistmatch;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Severity;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Records keyed by account: its payouts and logins that matched a list, each one alert (HIGH) at once. */
final class WatchListMatchProcessor extends DetectorProcessor<ObservedEvent> {
    WatchListMatchProcessor(DetectorInputs inputs) {
        super(WatchListMatchDetector.ID, inputs);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        boolean payout = ObservedEvents.PAYOUTS.equals(event.getSource());
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
        parameters.put("entries", String.join(" | ", entries));
        parameters.put("matching", "instruments and IPs exact; names and aliases equal once case, accents,"
                + " punctuation, legal forms and word order are ignored");
        long t = record.timestamp();
        emit(new AlertDraft(ruleId, Indicator.WATCHLIST,
                payout ? "Payout to a watch-listed party" : "Login from a watch-listed IP address",
                "Account " + account + (payout ? " paid out " : " logged in ") + "matching a watch-list: "
                        + String.join("; ", reasons) + ".",
                Severity.HIGH,
                "account", account,
                List.of(event),
                List.of(AlertDraft.threshold("watch-list-matches", 1, reasons.size())),
                parameters,
                t, t), t);
    }
}
