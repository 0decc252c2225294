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
 * @param maxAccountsPerIp an IP links at most this many accounts within the window; the next one makes it a
 *                         shared range (a hub): it links no further account and is reported once
 * @param maxAccountsPerAttribute the same for a payout instrument, a device or an identity document
 * @param linkIndicators   indicators (A1…A19) that say no more than a link does, left out of the members' risk in a
 *                         cluster's combined risk (default A2: one IP logging into several accounts is an IP link)
 */
public record ClusterSettings(Duration window, int minSize, double minRisk, Set<String> ignoredIpTypes, int maxAccountsPerIp,
                              int maxAccountsPerAttribute, Set<String> linkIndicators) {
}
