package io.flagstream.risk;

import io.flagstream.state.ClusterMember;
import io.flagstream.state.ClusterSummary;

import java.util.HashSet;
import java.util.Set;

/**
 * When a reported component's finding gets a new revision. A component fed by a busy attribute grows by one account
 * at a time, and a revision per account would flood reviewers (and rewrite the finding each time). So a revision is
 * due when the component grows while it has at most {@value #SMALL} accounts (each member of a team is news), then
 * only when the size reaches the next power of two since the last revision (16 → 32 → 64 …: O(log n) revisions),
 * or when a listed member was last scored at or above the account-risk threshold and the finding does not name it
 * yet: a high-risk account joining is news, another low-risk one is not.
 */
final class ClusterRevisions {
    static final int SMALL = 8;

    private ClusterRevisions() {
    }

    static boolean due(ClusterSummary s, int size, double highRisk) {
        int reported = s.getReportedSize();
        if (reported == 0 || size > reported && size <= SMALL || Integer.highestOneBit(size) > Integer.highestOneBit(reported)) {
            return true;
        }
        Set<String> named = new HashSet<>(s.getReportedMembers());
        return s.getMembers().stream()
                .filter(m -> m.getScoreTime() != Long.MIN_VALUE && m.getScore() >= highRisk)
                .map(ClusterMember::getAccount)
                .anyMatch(a -> !named.contains(a));
    }
}
