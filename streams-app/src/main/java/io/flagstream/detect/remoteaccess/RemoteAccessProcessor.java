package io.flagstream.detect.remoteaccess;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by account: suspicious-access sightings and payouts. A remote-desktop sighting near a payout
 * (either arriving first) alerts at once; otherwise sightings are counted in the window around the new one.
 */
final class RemoteAccessProcessor extends DetectorProcessor<ObservedEvent> {
    private WindowStore<String, ObservedEvent> sightings;
    private WindowStore<String, ObservedEvent> payouts;

    RemoteAccessProcessor(DetectorInputs inputs) {
        super(RemoteAccessDetector.ID, inputs);
    }

    private RemoteAccessSettings config() {
        return rule(RemoteAccessSettings.DECLARATION);
    }

    private long lookbackMs() {
        return config().payoutLookback().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        sightings = context.getStateStore(RemoteAccessDetector.SIGHTINGS_STORE);
        payouts = context.getStateStore(RemoteAccessDetector.PAYOUTS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        if (ObservedEvents.PAYOUTS.equals(event.getSource())) {
            payouts.put(account, event, t);
            List<ObservedEvent> remoteDesktop = between(sightings, account, t - lookbackMs(), t + lookbackMs()).stream()
                    .filter(AccessPath::remoteDesktop).toList();
            if (!remoteDesktop.isEmpty()) {
                alertRemoteDesktopWithPayout(account, remoteDesktop, List.of(event), t);
            }
            return;
        }
        sightings.put(account, event, t);
        if (AccessPath.remoteDesktop(event)) {
            List<ObservedEvent> paid = between(payouts, account, t - lookbackMs(), t + lookbackMs());
            if (!paid.isEmpty()) {
                List<ObservedEvent> remoteDesktop = between(sightings, account, t - lookbackMs(), t + lookbackMs()).stream()
                        .filter(AccessPath::remoteDesktop).toList();
                alertRemoteDesktopWithPayout(account, remoteDesktop, paid, t);
                return;
            }
        }
        List<ObservedEvent> around = between(sightings, account, t - windowMs(), t + windowMs());
        EventWindow.Selection best = EventWindow.densest(around, t, windowMs(), ObservedEvent::getEventId);
        if (best.distinct() < config().minSightings()) {
            return;
        }
        boolean anyRemoteDesktop = best.events().stream().anyMatch(AccessPath::remoteDesktop);
        emit(new AlertDraft(ruleId, Indicator.A4,
                "Remote-desktop, VPN or hosting access path",
                "Account " + account + " logged in " + best.distinct() + " times through a suspicious access path ("
                        + signs(best.events()) + ") within " + Durations.format(settings().window())
                        + " (threshold " + config().minSightings() + ").",
                anyRemoteDesktop ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                best.events(),
                List.of(AlertDraft.threshold("suspicious-access-logins", config().minSightings(), best.distinct())),
                parameters(),
                best.start(), best.end()), t);
    }

    private void alertRemoteDesktopWithPayout(String account, List<ObservedEvent> remoteDesktop, List<ObservedEvent> paid, long t) {
        List<ObservedEvent> events = new ArrayList<>(remoteDesktop);
        events.addAll(paid);
        events.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).thenComparing(ObservedEvent::getEventId));
        emit(new AlertDraft(ruleId, Indicator.A4,
                "Remote-desktop access to an account that takes payouts",
                "Account " + account + " was reached through remote desktop (" + signs(remoteDesktop) + ") within "
                        + Durations.format(config().payoutLookback()) + " of " + paid.size() + " payout(s).",
                Severity.HIGH,
                "account", account,
                events,
                List.of(AlertDraft.threshold("remote-desktop-logins-near-payout", 1, remoteDesktop.size()),
                        AlertDraft.threshold("payouts-within-lookback", 1, paid.size())),
                parameters(),
                events.get(0).getTimestamp(), events.get(events.size() - 1).getTimestamp()), t);
    }

    private Map<String, String> parameters() {
        return Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                "min-sightings", String.valueOf(config().minSightings()),
                "remote-desktop-ports", String.join(",", config().remoteDesktopPorts().stream().sorted().map(String::valueOf).toList()),
                "suspicious-ip-types", String.join(",", config().suspiciousIpTypes()),
                "payout-lookback", Durations.format(config().payoutLookback()));
    }

    private static String signs(List<ObservedEvent> events) {
        return String.join(", ", events.stream()
                .flatMap(e -> List.of(e.getFacts().getOrDefault(AccessPath.SIGNS, "").split(",")).stream())
                .filter(s -> !s.isEmpty()).distinct().sorted().toList());
    }
}
