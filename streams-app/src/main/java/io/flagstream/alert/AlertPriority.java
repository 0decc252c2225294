package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Threshold;

/**
 * The order of an analyst's queue, as {@code evaluate} ranks it: how far past its bar the alert's strongest
 * threshold is ({@code observed / limit}; 1 when the alert has no numeric threshold). For A16 that is the
 * number of payers over the minimum, so the largest hubs come first — which is what the hard preset measures.
 */
public final class AlertPriority {
    private AlertPriority() {
    }

    public static double of(FraudAlert alert) {
        double best = 1.0;
        for (Threshold t : alert.getThresholds()) {
            if (t.getLimit() > 0) {
                best = Math.max(best, t.getObserved() / t.getLimit());
            }
        }
        return best;
    }
}
