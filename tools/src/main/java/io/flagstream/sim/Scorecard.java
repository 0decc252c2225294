package io.flagstream.sim;

import io.flagstream.alerts.FraudAlert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Alerts against ground truth, counted once per alert id (revisions update one alert):
 * <ul>
 *   <li>a planted case is <b>found</b> when an alert of its rule names its entity;</li>
 *   <li>an alert is <b>false</b> when no operator account is involved; it is charged to the confounder
 *       labels of the accounts it names, which is how a reviewer sees what misleads a detector;</li>
 *   <li>an alert on operator accounts that matches no planted case of its rule is an <b>operator hit</b>:
 *       right about the account, just not the behaviour planted for that rule;</li>
 *   <li>the <b>detection delay</b> of a found case is event time from the case's {@link PlantedCase#start()}
 *       (its first planted event) to the earliest {@code lastSeen} among the alert records for it: the event
 *       time of the event that made the detector fire for the first time (revision 0). Wall-clock
 *       {@code detectedAt} is not used, so a replay and a live run measure the same thing;</li>
 *   <li>an <b>operator account is flagged</b> when at least one alert of any rule names it (as entity or
 *       among its accounts);</li>
 *   <li><b>false alerts per 1,000 benign accounts per day</b> is the review load benign traffic causes:
 *       false alerts &times; 1000 / benign accounts (benign and confounder labels) / simulated days;</li>
 *   <li>an alert that first fired <b>before the period</b> ({@link GroundTruth#start()}), on the prelude that
 *       opens the benign accounts 1 to 12 months earlier, is listed apart and not scored: the prelude packs up
 *       to a year of account openings in front of a period of days, and no operator has a prelude, so counting
 *       its alerts in the period's precision and daily volume would compare a year of benign history with two
 *       weeks of operator activity.</li>
 * </ul>
 *
 * @param operatorAccountRules every operator account, with the rules whose alerts named it (empty: missed)
 * @param benignAccounts       accounts not labelled operator
 * @param days                 length of the period ({@link GroundTruth#days()}), 0 when unknown
 * @param beforePeriod         alerts that first fired before the period (latest revision), not scored
 */
public record Scorecard(Map<String, RuleScore> byRule, List<PlantedCase> missed, List<FraudAlert> falseAlerts,
                        Map<String, Integer> falseAlertsByLabel, Map<String, Set<String>> operatorAccountRules,
                        int benignAccounts, int days, List<FraudAlert> beforePeriod) {
    /** The cluster task's hub-attribute rule ({@code RiskTopology.HUB_RULE_ID}; the simulator does not depend on it). */
    public static final String HUB_NOTICE = "cluster-hub-attribute";


    /**
     * @param medianDetectionDelay median over the rule's found cases with a known start; {@code null} if none
     */
    public record RuleScore(String ruleId, int planted, int found, int alerts, int falseAlerts, int operatorHits,
                            Duration medianDetectionDelay) {
        public RuleScore(String ruleId, int planted, int found, int alerts, int falseAlerts, int operatorHits) {
            this(ruleId, planted, found, alerts, falseAlerts, operatorHits, null);
        }

        public int missed() {
            return planted - found;
        }

        public double recall() {
            return planted == 0 ? 1.0 : (double) found / planted;
        }

        /** Share of alerts that are about operators (planted case or other operator hit). */
        public double precision() {
            return alerts == 0 ? 1.0 : (double) (alerts - falseAlerts) / alerts;
        }
    }

    public static Scorecard of(GroundTruth truth, Collection<FraudAlert> alerts) {
        Map<String, FraudAlert> latest = new TreeMap<>();
        Map<String, Instant> alertFirstFired = new HashMap<>();
        for (FraudAlert a : alerts) {
            latest.merge(a.getAlertId(), a, (x, y) -> x.getRevision() >= y.getRevision() ? x : y);
            alertFirstFired.merge(a.getAlertId(), a.getLastSeen(), (x, y) -> x.isBefore(y) ? x : y);
        }
        List<FraudAlert> beforePeriod = new ArrayList<>();
        Map<String, Instant> firstFired = new HashMap<>();
        for (FraudAlert a : List.copyOf(latest.values())) {
            Instant fired = alertFirstFired.get(a.getAlertId());
            if (truth.start() != null && fired.isBefore(truth.start())) {
                beforePeriod.add(a);
                latest.remove(a.getAlertId());
            } else {
                firstFired.merge(key(a.getRuleId(), a.getEntity().getType(), a.getEntity().getId()), fired,
                        (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        Map<String, Set<String>> operatorRules = new TreeMap<>();
        truth.accountLabels().forEach((account, label) -> {
            if (label.startsWith(GroundTruth.OPERATOR)) {
                operatorRules.put(account, new TreeSet<>());
            }
        });
        Set<String> planted = new HashSet<>();
        truth.cases().forEach(p -> planted.add(key(p.ruleId(), p.entityType(), p.entityId())));
        Set<String> alerted = new HashSet<>();
        List<FraudAlert> falseAlerts = new ArrayList<>();
        Map<String, Integer> byLabel = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (FraudAlert a : latest.values()) {
            String k = key(a.getRuleId(), a.getEntity().getType(), a.getEntity().getId());
            alerted.add(k);
            int[] c = counts.computeIfAbsent(a.getRuleId(), r -> new int[5]);
            c[2]++;
            Set<String> accounts = new TreeSet<>(a.getAccounts());
            if (a.getEntity().getType().equals("account")) {
                accounts.add(a.getEntity().getId());
            }
            accounts.stream().filter(truth::isOperator)
                    .forEach(acct -> operatorRules.computeIfAbsent(acct, x -> new TreeSet<>()).add(a.getRuleId()));
            if (accounts.stream().anyMatch(truth::isOperator)) {
                if (!planted.contains(k)) {
                    c[4]++;
                }
            } else {
                c[3]++;
                falseAlerts.add(a);
                accounts.stream().map(truth::label).distinct().forEach(l -> byLabel.merge(l, 1, Integer::sum));
            }
        }
        List<PlantedCase> missed = new ArrayList<>();
        Map<String, List<Long>> delays = new HashMap<>();
        for (PlantedCase p : truth.cases()) {
            int[] c = counts.computeIfAbsent(p.ruleId(), r -> new int[5]);
            c[0]++;
            String k = key(p.ruleId(), p.entityType(), p.entityId());
            if (alerted.contains(k)) {
                c[1]++;
                if (p.start() != null) {
                    delays.computeIfAbsent(p.ruleId(), r -> new ArrayList<>())
                            .add(firstFired.get(k).toEpochMilli() - p.start().toEpochMilli());
                }
            } else {
                missed.add(p);
            }
        }
        Map<String, RuleScore> byRule = new TreeMap<>(Scorecard::byIndicator);
        counts.forEach((rule, c) -> byRule.put(rule, new RuleScore(rule, c[0], c[1], c[2], c[3], c[4],
                median(delays.get(rule)))));
        int benign = (int) truth.accountLabels().values().stream().filter(l -> !l.startsWith(GroundTruth.OPERATOR)).count();
        Map<String, Set<String>> frozen = new TreeMap<>();
        operatorRules.forEach((acct, rules) -> frozen.put(acct, Collections.unmodifiableSet(rules)));
        return new Scorecard(byRule, missed, falseAlerts, byLabel, frozen, benign, truth.days(), List.copyOf(beforePeriod));
    }

    /** Median in milliseconds (mean of the two middle values for an even count); {@code null} for none. */
    static Duration median(List<Long> millis) {
        if (millis == null || millis.isEmpty()) {
            return null;
        }
        List<Long> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        long m = n % 2 == 1 ? sorted.get(n / 2) : Math.floorDiv(sorted.get(n / 2 - 1) + sorted.get(n / 2), 2);
        return Duration.ofMillis(m);
    }

    /** Operator accounts named by at least one alert. */
    public int operatorAccountsFlagged() {
        return (int) operatorAccountRules.values().stream().filter(r -> !r.isEmpty()).count();
    }

    /** {@code alerts} per 1,000 benign accounts per day; NaN when the period or the population is unknown. */
    public double per1000BenignPerDay(int alerts) {
        return days <= 0 || benignAccounts <= 0 ? Double.NaN : alerts * 1000.0 / benignAccounts / days;
    }

    /**
     * Distinct findings over alerts (rule ids {@code risk-…} and {@code cluster-…}, notices left out): the risk and
     * cluster output that accuses accounts, what the finding budget counts.
     */
    public int findings() {
        return byRule.values().stream().filter(r -> isFinding(r.ruleId())).mapToInt(RuleScore::alerts).sum();
    }

    /** Distinct notices ({@link #isNotice}): statements about an attribute, counted apart from the findings. */
    public int notices() {
        return byRule.values().stream().filter(r -> isNotice(r.ruleId())).mapToInt(RuleScore::alerts).sum();
    }

    /** Distinct alerts of the detectors (every rule that is neither a finding nor a notice). */
    public int detectorAlerts() {
        return byRule.values().stream().filter(r -> !isFinding(r.ruleId()) && !isNotice(r.ruleId()))
                .mapToInt(RuleScore::alerts).sum();
    }

    /** A risk or cluster finding: it names accounts as suspect. */
    public static boolean isFinding(String ruleId) {
        return (ruleId.startsWith("risk-") || ruleId.startsWith("cluster-")) && !isNotice(ruleId);
    }

    /**
     * A notice: {@value #HUB_NOTICE} says an attribute (an IP, an instrument) is shared by more accounts than the
     * cluster linker's cap, so it links no further accounts. It is about the attribute and the linker's coverage,
     * reported once per attribute, and accuses no account; an administrator allow-lists it or not. Scored like
     * every rule, but kept out of the findings and their budget.
     */
    public static boolean isNotice(String ruleId) {
        return HUB_NOTICE.equals(ruleId);
    }

    /** False alerts (all rules) per 1,000 benign accounts per day. */
    public double falseAlertsPer1000BenignPerDay() {
        return per1000BenignPerDay(falseAlerts.size());
    }

    public int plantedTotal() {
        return byRule.values().stream().mapToInt(RuleScore::planted).sum();
    }

    public int foundTotal() {
        return byRule.values().stream().mapToInt(RuleScore::found).sum();
    }

    /** a2-… before a11-…: by the indicator number, then by id. */
    private static int byIndicator(String a, String b) {
        int c = Integer.compare(number(a), number(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int number(String ruleId) {
        int end = ruleId.indexOf('-');
        try {
            return Integer.parseInt(ruleId.substring(1, end < 0 ? ruleId.length() : end));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String key(String rule, String type, String id) {
        return rule + "|" + type + "|" + id;
    }
}
