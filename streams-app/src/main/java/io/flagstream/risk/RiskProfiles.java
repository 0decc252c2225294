package io.flagstream.risk;

import io.flagstream.config.RiskSettings;
import io.flagstream.state.RiskContribution;
import io.flagstream.state.RiskEntry;
import io.flagstream.state.RiskProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The risk model, free of Kafka: {@code score(account, t) = Σ weight(indicator_a) × 2^-((t − lastSeen_a) / halfLife)}
 * over the distinct alert ids {@code a} naming the account, where a later revision of an alert replaces its
 * entry (same weight, fresher {@code lastSeen}) and never adds a second one. Entries older than
 * {@link RiskSettings#RETAINED_HALF_LIVES} half-lives are dropped.
 */
public final class RiskProfiles {
    private RiskProfiles() {
    }

    public static RiskProfile empty(String account) {
        return new RiskProfile(account, Long.MIN_VALUE, new ArrayList<>());
    }

    /**
     * Adds or replaces the contribution's entry. Returns true when the alert id is new to the account (the
     * set of contributing alerts changed), false for a revision of a known alert or an ignored contribution.
     */
    public static boolean apply(RiskProfile profile, RiskContribution c, RiskSettings settings) {
        double weight = settings.weight(c.getIndicator());
        if (weight <= 0) {
            return false;
        }
        profile.setUpdatedAt(Math.max(profile.getUpdatedAt(), c.getTime()));
        List<RiskEntry> entries = new ArrayList<>(profile.getContributions());
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
        return added && entries.stream().anyMatch(e -> e.getAlertId().equals(c.getAlertId()));
    }

    public static double score(RiskProfile profile, long at, RiskSettings settings) {
        double score = 0;
        for (RiskEntry e : profile.getContributions()) {
            score += contribution(e, at, settings);
        }
        return score;
    }

    public static double contribution(RiskEntry e, long at, RiskSettings settings) {
        return settings.decayed(e.getWeight(), at - e.getTime());
    }

    private static RiskEntry entry(RiskContribution c, double weight) {
        return new RiskEntry(c.getAlertId(), c.getRevision(), c.getRuleId(), c.getIndicator(), c.getEntityType(),
                c.getEntityId(), weight, c.getTime());
    }
}
