package io.flagstream.config;

import java.time.Duration;
import java.util.Set;

/**
 * Linked-account clusters.
 *
 * @param window           two accounts are linked when they use the same instrument, IP, device or identity
 *                         document within this time of each other
 * @param minSize          accounts a cluster needs before it is reported
 * @param minRisk          combined (decayed) risk of its members a cluster must exceed before it is reported
 * @param ignoredIpTypes   IP types that never link (known shared ranges: carrier CGNAT, commercial VPN exits)
 * @param maxAccountsPerIp an IP used by this many accounts within the window is a shared range: it links no
 *                         further account
 */
public record ClusterSettings(Duration window, int minSize, double minRisk, Set<String> ignoredIpTypes, int maxAccountsPerIp) {
}
