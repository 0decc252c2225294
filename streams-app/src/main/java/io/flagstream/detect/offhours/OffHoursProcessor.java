package io.flagstream.detect.offhours;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.BucketCounts;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records keyed by account: active events with the declared time zone. Counts each as inside or outside
 * business hours in its UTC day's bucket, keeps the first few off-hours events of each day as samples, and
 * judges the share over the window's days ending with the account's latest active day.
 */
final class OffHoursProcessor extends DetectorProcessor<ObservedEvent> {
    /** Off-hours events kept per account and day as evidence; the counters count all of them. */
    static final int SAMPLES_PER_DAY = 5;
    private static final String INSIDE = "inside";
    private static final String OUTSIDE = "outside";

    private final long dayMs = OffHoursDetector.BUCKET.toMillis();
    private BucketCounts counts;
    private WindowStore<String, ObservedEvent> samples;

    OffHoursProcessor(DetectorInputs inputs) {
        super(OffHoursDetector.ID, inputs);
    }

    private OffHoursSettings rule() {
        return rule(OffHoursSettings.DECLARATION);
    }

    private BusinessHours hours() {
        return new BusinessHours(rule().businessStartHour(), rule().businessEndHour());
    }

    private long windowDays() {
        return Math.max(1, (settings().window().toMillis() + dayMs - 1) / dayMs);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        counts = new BucketCounts(context.getStateStore(OffHoursDetector.COUNTS_STORE), dayMs);
        samples = context.getStateStore(OffHoursDetector.SAMPLES_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        ZoneId zone = BusinessHours.zone(event.getFacts().get(OffHoursDetector.TIMEZONE));
        if (zone == null) {
            return;
        }
        long t = record.timestamp();
        boolean inside = hours().inside(t, zone);
        long before = counts.increment(account, inside ? INSIDE : OUTSIDE, t);
        if (!inside && before < SAMPLES_PER_DAY) {
            event.getFacts().put(OffHoursDetector.LOCAL_TIME, BusinessHours.localTime(t, zone));
            samples.put(account, event, t);
        }

        // The window's days end with the account's latest active day (a late event is judged with what followed it).
        long lastDay = counts.latestBucket(account, counts.bucket(t), counts.bucket(t + settings().grace().toMillis()), counts.bucket(t));
        long firstDay = lastDay - (windowDays() - 1) * dayMs;
        Map<String, Long> sums = counts.sums(account, firstDay, lastDay);
        long outside = sums.getOrDefault(OUTSIDE, 0L);
        long total = outside + sums.getOrDefault(INSIDE, 0L);
        if (total < rule().minEvents()) {
            return;
        }
        double share = (double) outside / total;
        if (share < rule().minOffHoursShare()) {
            return;
        }
        List<ObservedEvent> evidence = between(samples, account, firstDay, lastDay + dayMs - 1);
        String percent = String.format(Locale.ROOT, "%.0f%%", share * 100);
        emit(new AlertDraft(ruleId, Indicator.A13,
                "Activity outside the declared location's business hours",
                "Account " + account + ": " + outside + " of " + total + " active events (" + percent + ") within "
                        + windowDays() + "d fell outside " + hours().describe() + " in its declared time zone "
                        + zone.getId() + " (thresholds: " + rule().minEvents() + " events, "
                        + String.format(Locale.ROOT, "%.0f%%", rule().minOffHoursShare() * 100) + " off hours).",
                share >= 0.9 ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                evidence,
                List.of(AlertDraft.threshold("active-events", rule().minEvents(), total),
                        AlertDraft.threshold("off-hours-share", rule().minOffHoursShare(), share)),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "business-hours", hours().describe(), "timezone", zone.getId(),
                        "samples-per-day", Integer.toString(SAMPLES_PER_DAY)),
                firstDay, lastDay + dayMs), t);
    }
}
