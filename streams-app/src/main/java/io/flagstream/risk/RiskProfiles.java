package io.flagstream.risk;

import io.flagstream.config.RiskSettings;
import io.flagstream.state.RiskContribution;
import io.flagstream.state.RiskEntry;
import io.flagstream.state.RiskProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The risk model, free of Kafka: {@code score(account, t) = Σ_i max_{a of indicator i} weight(i) × 2^-((t − lastSeen_a) / halfLife)}
 * over the indicators {@code i} of the alerts naming the account. Each alert id is one entry (a later revision
 * replaces it, never adds a second), and each indicator counts once: its freshest alert, so repeated episodes
 * of one indicator (an account behind a carrier NAT raising A2 on eight IPs) do not stack, and no indicator adds
 * more than its weight. A finding needs the score at the threshold <em>and</em> agreement:
 * {@link RiskSettings#minIndicators()} distinct indicators, or one whose weight alone reaches the threshold.
 * Entries older than {@link RiskSettings#RETAINED_HALF_LIVES} half-lives are dropped.
 */
public final class RiskProfiles {
    private RiskProfiles() {
    }

    public static RiskProfile empty(String account) {
        return new RiskProfile(account, Long.MIN_VALUE, new ArrayList<>());
    }

    /**
     * Adds or replaces the contribution's entry. Returns true when it brings an indicator new to the account
     * (what the score counts changed in kind), false for a revision, a repeat of an indicator already counted,
     * or an ignored contribution: the finding is revised only for the former.
     */
    public static boolean apply(RiskProfile profile, RiskContribution c, RiskSettings settings) {
        double weight = settings.weight(c.getIndicator());
        if (weight <= 0) {
            return false;
        }
        profile.setUpdatedAt(Math.max(profile.getUpdatedAt(), c.getTime()));
        List<RiskEntry> entries = new ArrayList<>(profile.getContributions());
        boolean newIndicator = entries.stream().noneMatch(e -> e.getIndicator().equals(c.getIndicator()));
        boolean added = true;
        for (int i = 0; i < entries.size(); i++) {
            RiskEntry e = entries.get(i);
            if (e.getAlertId().equals(c.getAlertId())) {
                added = false;
                if (c.getRevision() >= e.getRevision()) {
                    entries.set(i, entry(c, weight));
                }
            }
        }
        if (added) {
            entries.add(entry(c, weight));
        }
        long horizon = profile.getUpdatedAt() - settings.retention().toMillis();
        entries.removeIf(e -> e.getTime() < horizon);
        entries.sort(Comparator.comparingLong(RiskEntry::getTime).thenComparing(RiskEntry::getAlertId));
        profile.setContributions(entries);
        return added && newIndicator && entries.stream().anyMatch(e -> e.getAlertId().equals(c.getAlertId()));
    }

    public static double score(RiskProfile profile, long at, RiskSettings settings) {
        return score(profile, at, settings, Set.of());
    }

    /** The score without the indicators in {@code leftOut} (what a cluster counts of its member: not its links). */
    public static double score(RiskProfile profile, long at, RiskSettings settings, Set<String> leftOut) {
        return counted(profile, at, settings).values().stream().filter(e -> !leftOut.contains(e.getIndicator()))
                .mapToDouble(e -> contribution(e, at, settings)).sum();
    }

    /** The entry that counts for each indicator: its largest decayed contribution (ties: the later alert). */
    public static Map<String, RiskEntry> counted(RiskProfile profile, long at, RiskSettings settings) {
        Map<String, RiskEntry> best = new TreeMap<>();
        for (RiskEntry e : profile.getContributions()) {
            best.merge(e.getIndicator(), e, (x, y) -> contribution(y, at, settings) >= contribution(x, at, settings) ? y : x);
        }
        return best;
    }

    /** What the entry adds to the score at {@code at}: its decayed weight if it counts for its indicator, else 0. */
    public static double counting(RiskProfile profile, RiskEntry e, long at, RiskSettings settings) {
        RiskEntry counted = counted(profile, at, settings).get(e.getIndicator());
        return counted != null && counted.getAlertId().equals(e.getAlertId()) ? contribution(e, at, settings) : 0.0;
    }

    /** Whether the account is high-risk: score at the threshold, and independent indicators agree or one strong one suffices. */
    public static boolean isFinding(RiskProfile profile, long at, RiskSettings settings) {
        if (score(profile, at, settings) < settings.threshold()) {
            return false;
        }
        Map<String, RiskEntry> counted = counted(profile, at, settings);
        return counted.size() >= settings.minIndicators()
                || counted.values().stream().anyMatch(e -> e.getWeight() >= settings.threshold());
    }

    public static double contribution(RiskEntry e, long at, RiskSettings settings) {
        return settings.decayed(e.getWeight(), at - e.getTime());
    }

    private static RiskEntry entry(RiskContribution c, double weight) {
        return new RiskEntry(c.getAlertId(), c.getRevision(), c.getRuleId(), c.getIndicator(), c.getEntityType(),
                c.getEntityId(), weight, c.getTime());
    }
}
