package io.flagstream.sim;

import io.flagstream.alerts.FraudAlert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * How well an analyst's queue is ordered, per rule: the rule's alerts in the period (latest revision of each
 * alert id, as {@link Scorecard} counts them) ranked by a priority, highest first. An alert is <b>correct</b>
 * when it names an operator account, as in {@link Scorecard}.
 * <ul>
 *   <li><b>precision@k</b>: correct alerts among the first {@code k} (fewer when the rule raised fewer; 1.0
 *       when it raised none), {@code k} being what an analyst reviews in a day;</li>
 *   <li><b>PR-AUC</b> as average precision: the mean, over the correct alerts, of the precision at each one's
 *       rank (1.0 when everything correct ranks above everything false; the share of correct alerts when the
 *       order is no better than chance). Ties are broken against the ranking: false alerts first;</li>
 *   <li><b>records per alert</b>: alert records (every revision and close) over distinct alert ids — the
 *       churn a consumer of the alerts topic sees.</li>
 * </ul>
 * Alerts first raised before the period are left out, like the scorecard does.
 */
public record TriageMetrics(Map<String, RuleTriage> byRule, int k) {
    /** Rule id under which the risk and cluster findings (not the hub notices) are also scored together. */
    public static final String FINDINGS = "findings (risk + clusters)";

    public record RuleTriage(String ruleId, int alerts, int correct, int records, double precisionAtK,
                             double averagePrecision) {
        public double recordsPerAlert() {
            return alerts == 0 ? 0 : (double) records / alerts;
        }
    }

    public static TriageMetrics of(GroundTruth truth, Collection<FraudAlert> records, ToDoubleFunction<FraudAlert> priority, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k (alerts an analyst reviews a day) must be at least 1, not " + k);
        }
        Map<String, FraudAlert> latest = new HashMap<>();
        Map<String, Long> firstFired = new HashMap<>();
        Map<String, Integer> recordCount = new HashMap<>();
        for (FraudAlert a : records) {
            latest.merge(a.getAlertId(), a, (x, y) -> x.getRevision() >= y.getRevision() ? x : y);
            firstFired.merge(a.getAlertId(), a.getLastSeen().toEpochMilli(), Math::min);
            recordCount.merge(a.getAlertId(), 1, Integer::sum);
        }
        Map<String, List<FraudAlert>> byRule = new TreeMap<>();
        for (FraudAlert a : latest.values()) {
            if (truth.start() != null && firstFired.get(a.getAlertId()) < truth.start().toEpochMilli()) {
                continue;
            }
            byRule.computeIfAbsent(a.getRuleId(), r -> new ArrayList<>()).add(a);
            if (Scorecard.isFinding(a.getRuleId())) {
                byRule.computeIfAbsent(FINDINGS, r -> new ArrayList<>()).add(a);
            }
        }
        Map<String, RuleTriage> result = new TreeMap<>();
        byRule.forEach((rule, alerts) -> result.put(rule, rank(rule, alerts, truth, priority, k,
                alerts.stream().mapToInt(a -> recordCount.get(a.getAlertId())).sum())));
        return new TriageMetrics(result, k);
    }

    private static RuleTriage rank(String rule, List<FraudAlert> alerts, GroundTruth truth,
                                   ToDoubleFunction<FraudAlert> priority, int k, int records) {
        List<FraudAlert> queue = new ArrayList<>(alerts);
        queue.sort(Comparator.comparingDouble(priority).reversed()
                .thenComparing(a -> correct(a, truth))
                .thenComparing(FraudAlert::getAlertId));
        int correct = 0;
        int correctInTopK = 0;
        double precisionSum = 0;
        for (int i = 0; i < queue.size(); i++) {
            if (correct(queue.get(i), truth)) {
                correct++;
                precisionSum += (double) correct / (i + 1);
                if (i < k) {
                    correctInTopK++;
                }
            }
        }
        int reviewed = Math.min(k, queue.size());
        return new RuleTriage(rule, queue.size(), correct, records,
                reviewed == 0 ? 1.0 : (double) correctInTopK / reviewed,
                correct == 0 ? (queue.isEmpty() ? 1.0 : 0.0) : precisionSum / correct);
    }

    /** Whether the alert names an operator account (its entity if an account, or among its accounts). */
    static boolean correct(FraudAlert a, GroundTruth truth) {
        Set<String> accounts = new TreeSet<>(a.getAccounts());
        if (a.getEntity().getType().equals("account")) {
            accounts.add(a.getEntity().getId());
        }
        return accounts.stream().anyMatch(truth::isOperator);
    }
}
