package io.flagstream.config;

import java.time.Duration;
import java.util.Map;

/**
 * The account risk score: each alert adds {@code weight(indicator)} to the risk of each of its accounts,
 * halving every {@code halfLife} of event time after the alert's last evidence.
 *
 * @param weights   weight per indicator id (A1..A19); an indicator not listed weighs 0
 * @param halfLife  event time after which a contribution counts half
 * @param threshold a score at or above this raises the account's high-risk finding
 * @param minIndicators distinct indicators that must agree for a finding, unless one indicator alone weighs at
 *                  least the threshold (a strong indicator passing its own bar)
 */
public record RiskSettings(Map<String, Double> weights, Duration halfLife, double threshold, int minIndicators) {
    /** Contributions older than this many half-lives (&lt; 1/32 of their weight) are dropped. */
    public static final int RETAINED_HALF_LIVES = 5;

    /** Default agreement: {@value #DEFAULT_MIN_INDICATORS} independent indicators. */
    public static final int DEFAULT_MIN_INDICATORS = 2;

    public RiskSettings {
        weights = Map.copyOf(weights);
    }

    public RiskSettings(Map<String, Double> weights, Duration halfLife, double threshold) {
        this(weights, halfLife, threshold, DEFAULT_MIN_INDICATORS);
    }

    public double weight(String indicator) {
        return weights.getOrDefault(indicator, 0.0);
    }

    /** How long a contribution (and an account's profile, and a finding's episode) is kept. */
    public Duration retention() {
        return halfLife.multipliedBy(RETAINED_HALF_LIVES);
    }

    /** {@code weight × 2^-(age / halfLife)}; an age below 0 (a contribution newer than "now") counts in full. */
    public double decayed(double weight, long ageMs) {
        return ageMs <= 0 ? weight : weight * Math.pow(0.5, (double) ageMs / halfLife.toMillis());
    }
}
