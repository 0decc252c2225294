package io.flagstream.risk;

import io.flagstream.state.ClusterSummary;

/**
 * When a reported component's finding gets a new revision. A component fed by busy attributes grows by one account
 * at a time, and a revision per account would flood reviewers (and rewrite the finding each time). So a revision is
 * due when the component grows while it has at most {@value #SMALL} accounts (each member of a team is news), then
 * only when its size reaches the next power of two since the last revision (16, 32, 64 …): at most
 * {@value #SMALL} + log2(n) revisions for a component of n accounts. Changes among the riskiest members are not a
 * trigger: on a payouts feed with a power-law payee graph, "a high-risk member not yet named" revised one finding
 * 809 times in 20,000 events, because fresh scores keep entering the list.
 */
final class ClusterRevisions {
    static final int SMALL = 8;

    private ClusterRevisions() {
    }

    static boolean due(ClusterSummary s, int size) {
        int reported = s.getReportedSize();
        return reported == 0
                || size > reported && size <= SMALL
                || Integer.highestOneBit(size) > Integer.highestOneBit(reported);
    }
}
