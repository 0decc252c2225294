package io.flagstream.config;

import java.time.Duration;

/**
 * Linked-account clusters.
 *
 * @param window  two accounts are linked when they use the same instrument, IP, device or identity document
 *                within this time of each other
 * @param minSize accounts a cluster needs before it is reported
 * @param minRisk combined (decayed) risk of its members a cluster must exceed before it is reported
 */
public record ClusterSettings(Duration window, int minSize, double minRisk) {
}
