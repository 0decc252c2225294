package io.flagstream.detect.locationmismatch;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.config.Durations;
import io.flagstream.detect.BucketCounts;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.locationmismatch.CountryTally.Check;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records keyed by account: logins, payouts and shipping changes, each with the declared country as of its
 * time. Counts each under (check, country or home) in its hour's bucket, keeps the first mismatching event
 * of each (check, country, hour) as a sample, and judges the three checks over the window ending with the
 * account's latest hour.
 */
final class LocationMismatchProcessor extends DetectorProcessor<ObservedEvent> {
    private final long bucketMs = LocationMismatchDetector.BUCKET.toMillis();
    private BucketCounts counts;
    private WindowStore<String, ObservedEvent> samples;

    LocationMismatchProcessor(DetectorInputs inputs) {
        super(LocationMismatchDetector.ID, inputs);
    }

    private int minLogins() {
        return rule(LocationMismatchSettings.DECLARATION).minLogins();
    }

    private int minPayouts() {
        return rule(LocationMismatchSettings.DECLARATION).minPayouts();
    }

    private Duration establishedAfter() {
        return rule(LocationMismatchSettings.DECLARATION).establishedAfter();
    }

    /** A payout into an instrument the account added {@code established-after} or more before the payout. */
    private boolean established(ObservedEvent event, long t) {
        String addedAt = event.getFacts().get(ObservedEvents.INSTRUMENT_ADDED_AT);
        return addedAt != null && t - Instant.parse(addedAt).toEpochMilli() >= establishedAfter().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        counts = new BucketCounts(context.getStateStore(LocationMismatchDetector.COUNTS_STORE), bucketMs);
        samples = context.getStateStore(LocationMismatchDetector.SAMPLES_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        Check check = Check.of(event.getFacts().get(LocationMismatchDetector.CHECK));
        String declared = event.getFacts().get(LocationMismatchDetector.DECLARED_COUNTRY);
        if (check == null || declared == null) {
            return;
        }
        String counter = CountryTally.counter(check, event.getSubject(), declared, check == Check.PAYOUTS && established(event, t));
        long before = counts.increment(account, counter, t);
        boolean away = !counter.endsWith(":" + CountryTally.HOME) && !counter.endsWith(":" + CountryTally.ESTABLISHED);
        if (away && (before == 0 || check == Check.SHIPPING)) {
            samples.put(account, event, t);
        }

        long lastBucket = counts.latestBucket(account, counts.bucket(t), counts.bucket(t + settings().grace().toMillis()), counts.bucket(t));
        long firstBucket = lastBucket - windowMs() + bucketMs;
        Map<Check, CountryTally> tallies = CountryTally.of(counts.sums(account, firstBucket, lastBucket));
        List<CountryTally> mismatched = tallies.values().stream().filter(tally -> tally.mismatched(minLogins(), minPayouts())).toList();
        if (mismatched.isEmpty()) {
            return;
        }
        Set<Check> checks = EnumSet.noneOf(Check.class);
        mismatched.forEach(m -> checks.add(m.check()));
        List<ObservedEvent> evidence = between(samples, account, firstBucket, lastBucket + bucketMs - 1).stream()
                .filter(e -> checks.contains(Check.of(e.getFacts().get(LocationMismatchDetector.CHECK))))
                .toList();

        List<String> findings = new ArrayList<>();
        List<Threshold> thresholds = new ArrayList<>();
        for (CountryTally m : mismatched) {
            switch (m.check()) {
                case LOGINS -> {
                    findings.add("logins: " + m.awayTotal() + " of " + m.total() + " from other countries (" + m.awayByCountry() + ")");
                    thresholds.add(AlertDraft.threshold("logins", minLogins(), m.total()));
                    thresholds.add(AlertDraft.threshold("foreign-login-share", 0.5, m.awayShare()));
                }
                case PAYOUTS -> {
                    findings.add("payouts: " + m.awayTotal() + " of " + m.total() + " to instruments in other countries ("
                            + m.awayByCountry() + ")" + (m.established() == 0 ? "" : ", besides " + m.established()
                            + " into instruments abroad added " + Durations.format(establishedAfter())
                            + " or more before (established, not counted against " + declared + ")"));
                    thresholds.add(AlertDraft.threshold("payouts", minPayouts(), m.total()));
                    thresholds.add(AlertDraft.threshold("foreign-payout-share", 0.5, m.awayShare()));
                }
                case SHIPPING -> {
                    findings.add("shipping address (A15): " + m.awayTotal() + " change(s) to " + m.awayByCountry());
                    thresholds.add(AlertDraft.threshold("foreign-shipping-changes", 1, m.awayTotal()));
                }
            }
        }
        String checkNames = mismatched.stream().map(m -> m.check().counterPrefix).collect(Collectors.joining(","));
        String indicators = checks.contains(Check.SHIPPING) ? (checks.size() > 1 ? "A11,A15" : "A15") : "A11";
        emit(new AlertDraft(ruleId, Indicator.A11,
                "Declared country contradicted by " + checkNames.replace(",", ", "),
                "Account " + account + " declares " + declared + ", but within " + Durations.format(settings().window())
                        + " " + String.join("; ", findings) + ".",
                mismatched.size() >= 2 ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                evidence,
                thresholds,
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "min-logins", Integer.toString(minLogins()), "min-payouts", Integer.toString(minPayouts()),
                        "established-after", Durations.format(establishedAfter()),
                        "declared-country", declared,
                        "mismatched", checkNames, "indicators", indicators),
                firstBucket, lastBucket + bucketMs), t);
    }
}
