package io.flagstream.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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

    /**
     * Default weights reflect how strongly each indicator alone points at an operator: a shared instrument
     * between a client and a freelancer (A5) or many accounts paying one instrument (A16) is close to proof,
     * off-hours activity (A13) or a long session (A3) is common among honest freelancers.
     */
    static final Map<String, Double> DEFAULT_WEIGHTS = Map.ofEntries(
            Map.entry("A1", 3.0), Map.entry("A2", 5.0), Map.entry("A3", 1.0), Map.entry("A4", 4.0),
            Map.entry("A5", 10.0), Map.entry("A6", 5.0), Map.entry("A7", 2.0), Map.entry("A8", 5.0),
            Map.entry("A9", 5.0), Map.entry("A10", 5.0), Map.entry("A11", 4.0), Map.entry("A12", 3.0),
            Map.entry("A13", 1.0), Map.entry("A14", 2.0), Map.entry("A15", 3.0), Map.entry("A16", 10.0),
            Map.entry("A17", 3.0), Map.entry("A18", 4.0), Map.entry("A19", 3.0));

    /** The advisory items A1…A19, in order. */
    static final List<String> INDICATORS = IntStream.rangeClosed(1, 19).mapToObj(i -> "A" + i).toList();

    /** {@code flagstream.risk.weight.<indicator>}, by indicator. */
    static final Map<String, Setting<Double>> WEIGHTS = INDICATORS.stream().collect(Collectors.toMap(
            indicator -> indicator,
            indicator -> Setting.doubleAtLeast("flagstream.risk.weight." + indicator.toLowerCase(Locale.ROOT),
                    DEFAULT_WEIGHTS.get(indicator), 0.0, "risk an alert of " + indicator + " adds to each of its accounts"),
            (a, b) -> a, LinkedHashMap::new));
    static final Setting<Duration> HALF_LIFE = Setting.positiveDuration("flagstream.risk.half-life", Duration.ofDays(14),
            "event time after which an alert's contribution counts half");
    static final Setting<Double> THRESHOLD = Setting.doubleAtLeast("flagstream.risk.threshold", 15.0, 0.0,
            "a score at or above this raises the account's high-risk finding");
    static final Setting<Integer> MIN_INDICATORS = Setting.intAtLeast("flagstream.risk.min-indicators",
            DEFAULT_MIN_INDICATORS, 1, "distinct indicators that must agree for a finding, unless one alone weighs the threshold");

    static final List<Setting<?>> SETTINGS = Stream.<Setting<?>>concat(WEIGHTS.values().stream(),
            Stream.of(HALF_LIFE, THRESHOLD, MIN_INDICATORS)).toList();

    public RiskSettings {
        weights = Map.copyOf(weights);
    }

    static RiskSettings read(RawConfig raw) {
        Map<String, Double> weights = new LinkedHashMap<>();
        WEIGHTS.forEach((indicator, setting) -> weights.put(indicator, setting.read(raw)));
        return new RiskSettings(weights, HALF_LIFE.read(raw), THRESHOLD.read(raw), MIN_INDICATORS.read(raw));
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
