package io.flagstream.risk;

import io.flagstream.alert.GrowthRevisions;
import io.flagstream.state.ClusterSummary;

/**
 * When a reported component's finding gets a new revision: the growth rule of {@link GrowthRevisions}, at most
 * 8 + log2(n) revisions for a component of n accounts. Changes among the riskiest members are not a
 * trigger: on a payouts feed with a power-law payee graph, "a high-risk member not yet named" revised one finding
 * 809 times in 20,000 events, because fresh scores keep entering the list.
 */
final class ClusterRevisions {
    private ClusterRevisions() {
    }

    static boolean due(ClusterSummary s, int size) {
        int reported = s.getReportedSize();
        return reported == 0 || GrowthRevisions.due(reported, size);
    }
}
