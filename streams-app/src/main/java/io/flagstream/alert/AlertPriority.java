package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The order of an analyst's queue: {@code priority = severity (LOW 1, MEDIUM 2, HIGH 3, CRITICAL 4) +
 * log2(observed / limit)} of the alert's strongest threshold (the margin past its bar; 0 without a numeric
 * threshold), with one reason per term. For A16 the margin is the number of new payers over the minimum.
 * Every alert carries it ({@link FraudAlert#getPriority()}, {@link FraudAlert#getPriorityReasons()});
 * {@code evaluate} ranks by it, and recomputes it for alerts written before the field existed.
 */
public final class AlertPriority {
    /** A priority and its reasons. */
    public record Ranked(double priority, List<String> reasons) {
    }

    private AlertPriority() {
    }

    public static Ranked rank(Severity severity, List<Threshold> thresholds) {
        List<String> reasons = new ArrayList<>();
        double base = severity.ordinal() + 1;
        reasons.add("severity " + severity + " (+" + format(base) + ")");
        Threshold strongest = null;
        double margin = 1.0;
        for (Threshold t : thresholds) {
            if (t.getLimit() > 0 && t.getObserved() / t.getLimit() > margin) {
                margin = t.getObserved() / t.getLimit();
                strongest = t;
            }
        }
        double past = Math.log(margin) / Math.log(2);
        if (strongest != null) {
            reasons.add(strongest.getName() + " " + format(strongest.getObserved()) + " against a limit of "
                    + format(strongest.getLimit()) + ": x" + format(margin) + " (+" + format(past) + ")");
        }
        return new Ranked(Math.round((base + past) * 100) / 100.0, List.copyOf(reasons));
    }

    /** The alert's priority; computed from its severity and thresholds when it was written without one. */
    public static double of(FraudAlert alert) {
        return alert.getPriority() > 0 ? alert.getPriority() : rank(alert.getSeverity(), alert.getThresholds()).priority();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
