package io.flagstream.risk;

import io.flagstream.config.RiskSettings;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.ClusterMember;
import io.flagstream.state.ClusterSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bounded summary against the obvious computation over every member's latest score. */
class ClusterSummariesTest {
    private static final RiskSettings RISK = new RiskSettings(Map.of(), Duration.ofDays(14), 15);
    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** Latest (score, time) of each member, kept beside the summary as the oracle. */
    private final Map<String, double[]> latest = new HashMap<>();

    private void score(ClusterSummary s, String account, double score, long t) {
        double[] previous = latest.get(account);
        ClusterSummaries.score(s, account, previous == null ? 0 : previous[0], previous == null ? Long.MIN_VALUE : (long) previous[1], score, t, RISK);
        latest.put(account, new double[] {score, t});
    }

    private double oracle(long at) {
        return latest.values().stream().mapToDouble(p -> RISK.decayed(p[0], at - (long) p[1])).sum();
    }

    @Test
    void theCombinedRiskIsTheSumOfTheMembersLatestDecayedScoresThroughUpdatesAndMerges() {
        Random random = new Random(11);
        ClusterSummary a = ClusterSummaries.singleton("a0", 0);
        ClusterSummary b = ClusterSummaries.singleton("b0", 0);
        for (int i = 0; i < 500; i++) {
            long t = random.nextInt(2_000) * HOUR; // out of order on purpose
            String account = (i % 2 == 0 ? "a" : "b") + random.nextInt(80);
            score(i % 2 == 0 ? a : b, account, random.nextDouble() * 20, t);
        }
        ClusterSummary merged = ClusterSummaries.merge(a, b, new ClusterLink("a1", "b1", "device", "d", "e", 2_000 * HOUR), RISK);

        long at = 2_100 * HOUR;
        assertThat(ClusterSummaries.combinedRisk(merged, at, RISK)).isCloseTo(oracle(at), within(1e-6 * Math.max(1, oracle(at))));
    }

    @Test
    void membersAreAllListedUpToTheCapThenTheRiskiestByDecayedScore() {
        ClusterSummary s = ClusterSummaries.singleton("m000", 0);
        IntStream.range(1, 120).forEach(i -> score(s, String.format("m%03d", i), i, 0));

        assertThat(s.getMembers()).hasSize(ClusterSummaries.MAX_MEMBERS);
        assertThat(s.getMembers()).extracting(ClusterMember::getAccount).first().isEqualTo("m119");
        assertThat(s.getMembers()).extracting(ClusterMember::getScore).isSortedAccordingTo((x, y) -> Double.compare(y, x));

        // 40 one half-life later ranks as 80 would at time 0: it enters, and the lowest listed (70) leaves.
        score(s, "fresh", 40, Duration.ofDays(14).toMillis());
        assertThat(s.getMembers()).extracting(ClusterMember::getAccount).contains("fresh", "m071").doesNotContain("m070");
        // 30 one half-life later ranks as 60: below every listed member, not listed.
        score(s, "stale", 30, Duration.ofDays(14).toMillis());
        assertThat(s.getMembers()).extracting(ClusterMember::getAccount).doesNotContain("stale");
    }

    @Test
    void aMergeKeepsTheOldestLinksAndCountsThemAll() {
        ClusterSummary kept = ClusterSummaries.singleton("a", 0);
        for (int i = 0; i < 70; i++) {
            kept = ClusterSummaries.merge(kept, ClusterSummaries.singleton("x" + i, i), new ClusterLink("a", "x" + i, "ip", "v", "e" + i, 100L - i), RISK);
        }
        assertThat(kept.getLinkCount()).isEqualTo(70);
        assertThat(kept.getLinks()).extracting(ClusterLink::getTime)
                .as("link times run 100 down to 31: the 50 oldest are 31 to 80, oldest first")
                .containsExactlyElementsOf(LongStream.rangeClosed(31, 80).boxed().toList());
    }
}
