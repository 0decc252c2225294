package io.flagstream.alert;

import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.state.ObservedEvent;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a detector found, before deduplication gives it an alert id and revision.
 *
 * @param events the triggering events, oldest first
 */
public record AlertDraft(
        String ruleId,
        Indicator indicator,
        String title,
        String description,
        Severity severity,
        String entityType,
        String entityId,
        List<ObservedEvent> events,
        List<Threshold> thresholds,
        Map<String, String> parameters,
        long windowStart,
        long windowEnd) {

    public List<String> accounts() {
        TreeSet<String> accounts = new TreeSet<>();
        events.forEach(e -> accounts.add(e.getAccountId()));
        return List.copyOf(accounts);
    }

    public long firstSeen() {
        return events.stream().mapToLong(ObservedEvent::getTimestamp).min().orElse(windowStart);
    }

    public long lastSeen() {
        return events.stream().mapToLong(ObservedEvent::getTimestamp).max().orElse(windowEnd);
    }

    public static Threshold threshold(String name, double limit, double observed) {
        return new Threshold(name, limit, observed);
    }
}
