package io.flagstream.sim;

import io.flagstream.alerts.FraudAlert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alerts against ground truth. An alert matches a planted case when rule and entity are the same; a planted
 * case is found when at least one alert matches it; an alert that matches nothing is a false alert. Alerts
 * are counted once per alert id (revisions are updates of one alert).
 */
public record Scorecard(Map<String, RuleScore> byRule, List<PlantedCase> missed, List<FraudAlert> falseAlerts) {

    public record RuleScore(String ruleId, int planted, int found, int alerts, int falseAlerts) {
        public int missed() {
            return planted - found;
        }
    }

    public static Scorecard of(List<PlantedCase> planted, Collection<FraudAlert> alerts) {
        Map<String, FraudAlert> latest = new TreeMap<>();
        for (FraudAlert a : alerts) {
            latest.merge(a.getAlertId(), a, (x, y) -> x.getRevision() >= y.getRevision() ? x : y);
        }
        Set<String> truth = new HashSet<>();
        planted.forEach(p -> truth.add(key(p.ruleId(), p.entityType(), p.entityId())));
        Set<String> alerted = new HashSet<>();
        List<FraudAlert> falseAlerts = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (FraudAlert a : latest.values()) {
            String k = key(a.getRuleId(), a.getEntity().getType(), a.getEntity().getId());
            alerted.add(k);
            int[] c = counts.computeIfAbsent(a.getRuleId(), r -> new int[4]);
            c[2]++;
            if (!truth.contains(k)) {
                c[3]++;
                falseAlerts.add(a);
            }
        }
        List<PlantedCase> missed = new ArrayList<>();
        for (PlantedCase p : planted) {
            int[] c = counts.computeIfAbsent(p.ruleId(), r -> new int[4]);
            c[0]++;
            if (alerted.contains(key(p.ruleId(), p.entityType(), p.entityId()))) {
                c[1]++;
            } else {
                missed.add(p);
            }
        }
        Map<String, RuleScore> byRule = new TreeMap<>();
        counts.forEach((rule, c) -> byRule.put(rule, new RuleScore(rule, c[0], c[1], c[2], c[3])));
        return new Scorecard(byRule, missed, falseAlerts);
    }

    public int plantedTotal() {
        return byRule.values().stream().mapToInt(RuleScore::planted).sum();
    }

    public int foundTotal() {
        return byRule.values().stream().mapToInt(RuleScore::found).sum();
    }

    private static String key(String rule, String type, String id) {
        return rule + "|" + type + "|" + id;
    }
}
