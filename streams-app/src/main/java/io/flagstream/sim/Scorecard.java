package io.flagstream.sim;

import io.flagstream.alerts.FraudAlert;

import java.util.ArrayList;
import java.util.Collection;
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
 *       right about the account, just not the behaviour planted for that rule.</li>
 * </ul>
 */
public record Scorecard(Map<String, RuleScore> byRule, List<PlantedCase> missed, List<FraudAlert> falseAlerts,
                        Map<String, Integer> falseAlertsByLabel) {

    public record RuleScore(String ruleId, int planted, int found, int alerts, int falseAlerts, int operatorHits) {
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
        for (FraudAlert a : alerts) {
            latest.merge(a.getAlertId(), a, (x, y) -> x.getRevision() >= y.getRevision() ? x : y);
        }
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
        for (PlantedCase p : truth.cases()) {
            int[] c = counts.computeIfAbsent(p.ruleId(), r -> new int[5]);
            c[0]++;
            if (alerted.contains(key(p.ruleId(), p.entityType(), p.entityId()))) {
                c[1]++;
            } else {
                missed.add(p);
            }
        }
        Map<String, RuleScore> byRule = new TreeMap<>(Scorecard::byIndicator);
        counts.forEach((rule, c) -> byRule.put(rule, new RuleScore(rule, c[0], c[1], c[2], c[3], c[4])));
        return new Scorecard(byRule, missed, falseAlerts, byLabel);
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
