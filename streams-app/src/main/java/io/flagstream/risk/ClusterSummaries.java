package io.flagstream.risk;

import io.flagstream.config.RiskSettings;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.ClusterMember;
import io.flagstream.state.ClusterSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bounded summary of a component, free of Kafka: its combined risk, its riskiest members and its oldest
 * links, each of a size that does not grow with the component's, so reading and rewriting it on every input
 * costs the same at 3 accounts as at 50,000.
 * <ul>
 *   <li><b>Combined risk</b> {@code Σ decayed(score_m, t − time_m)} over the members' latest scores is kept as one
 *       sum decayed to {@code riskTime}: decay is exponential, so the sum decays as a whole, and a member's new
 *       score replaces its old contribution by a subtraction and an addition.</li>
 *   <li><b>Members</b>: every member up to {@link #MAX_MEMBERS}, then the riskiest. Risk is compared as it would
 *       be at one common time, which ranks by {@code log2(score) + time / halfLife} whatever that time is; members
 *       without a score rank last, by account id. A listed member whose score drops keeps its place until a
 *       riskier one arrives (a member outside the list is not known to the summary).</li>
 *   <li><b>Links</b>: the {@link #MAX_LINKS} oldest that joined the component, and the count of all.</li>
 * </ul>
 */
final class ClusterSummaries {
    static final int MAX_MEMBERS = 50;
    static final int MAX_LINKS = 50;

    private ClusterSummaries() {
    }

    static ClusterSummary singleton(String account, long t) {
        return new ClusterSummary(new ArrayList<>(List.of(new ClusterMember(account, 0.0, Long.MIN_VALUE))),
                new ArrayList<>(), 0L, 0.0, t, t, null, 0, Long.MIN_VALUE);
    }

    /** {@code absorbed} joined {@code kept} through {@code link}: one summary of both, still bounded. */
    static ClusterSummary merge(ClusterSummary kept, ClusterSummary absorbed, ClusterLink link, RiskSettings risk) {
        long at = Math.max(kept.getRiskTime(), absorbed.getRiskTime());
        kept.setRiskSum(risk.decayed(kept.getRiskSum(), at - kept.getRiskTime()) + risk.decayed(absorbed.getRiskSum(), at - absorbed.getRiskTime()));
        kept.setRiskTime(at);
        List<ClusterMember> members = new ArrayList<>(kept.getMembers());
        members.addAll(absorbed.getMembers());
        kept.setMembers(top(members, risk));
        List<ClusterLink> links = new ArrayList<>(kept.getLinks());
        links.addAll(absorbed.getLinks());
        links.add(link);
        links.sort(Comparator.comparingLong(ClusterLink::getTime).thenComparing(ClusterLink::getEventId));
        kept.setLinks(new ArrayList<>(links.subList(0, Math.min(MAX_LINKS, links.size()))));
        kept.setLinkCount(kept.getLinkCount() + absorbed.getLinkCount() + 1);
        kept.setLastActivity(Math.max(kept.getLastActivity(), Math.max(absorbed.getLastActivity(), link.getTime())));
        // Two reported components merge under the smaller finding id; the other finding keeps its last revision.
        String a = kept.getFindingId();
        String b = absorbed.getFindingId();
        if (a == null || b != null && b.compareTo(a) < 0) {
            kept.setFindingId(b);
            kept.setReportedSize(absorbed.getReportedSize());
            kept.setFindingTouched(absorbed.getFindingTouched());
        }
        return kept;
    }

    /** A member's new score replaces its previous one ({@code previousTime} Long.MIN_VALUE: it had none). */
    static void score(ClusterSummary s, String account, double previous, long previousTime, double score, long t, RiskSettings risk) {
        long at = Math.max(s.getRiskTime(), t);
        double sum = risk.decayed(s.getRiskSum(), at - s.getRiskTime()) + risk.decayed(score, at - t);
        if (previousTime != Long.MIN_VALUE) {
            sum -= risk.decayed(previous, at - previousTime);
        }
        s.setRiskSum(Math.max(0.0, sum));
        s.setRiskTime(at);
        List<ClusterMember> members = new ArrayList<>(s.getMembers());
        members.removeIf(m -> m.getAccount().equals(account));
        members.add(new ClusterMember(account, score, t));
        s.setMembers(top(members, risk));
        s.setLastActivity(Math.max(s.getLastActivity(), t));
    }

    static double combinedRisk(ClusterSummary s, long at, RiskSettings risk) {
        return risk.decayed(s.getRiskSum(), at - s.getRiskTime());
    }

    /** The listed members' accounts, sorted. */
    static List<String> accounts(ClusterSummary s) {
        return s.getMembers().stream().map(ClusterMember::getAccount).sorted().toList();
    }

    private static List<ClusterMember> top(List<ClusterMember> members, RiskSettings risk) {
        double halfLifeMs = risk.halfLife().toMillis();
        members.sort(Comparator.comparingDouble((ClusterMember m) -> -rank(m, halfLifeMs)).thenComparing(ClusterMember::getAccount));
        return new ArrayList<>(members.subList(0, Math.min(MAX_MEMBERS, members.size())));
    }

    /** Orders members as their decayed scores would at any one time; no score ranks last. */
    private static double rank(ClusterMember m, double halfLifeMs) {
        if (m.getScoreTime() == Long.MIN_VALUE || m.getScore() <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(m.getScore()) / Math.log(2) + m.getScoreTime() / halfLifeMs;
    }
}
