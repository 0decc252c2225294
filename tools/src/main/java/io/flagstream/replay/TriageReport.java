package io.flagstream.replay;

import io.flagstream.sim.Scorecard;
import io.flagstream.sim.TriageMetrics;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The {@code evaluate} command's triage figures ({@link TriageMetrics}) for one run, and the mean and spread
 * (sample standard deviation) of every figure over several runs (seeds) of one scenario.
 */
public final class TriageReport {
    private TriageReport() {
    }

    /** One scored run: its scorecard and its triage metrics. */
    public record Run(String name, Scorecard card, TriageMetrics triage) {
        double falseFindings() {
            return card.byRule().values().stream().filter(r -> Scorecard.isFinding(r.ruleId()))
                    .mapToInt(Scorecard.RuleScore::falseAlerts).sum();
        }

        double notices() {
            return card.notices();
        }
    }

    public static void print(Run run, PrintStream out) {
        out.printf("%-36s %6s %7s %8s %6s %6s %13s%n", "rule (ranked by priority)", "alerts", "correct",
                "p@" + run.triage().k(), "PR-AUC", "recall", "records/alert");
        run.triage().byRule().values().forEach(t -> {
            Scorecard.RuleScore s = run.card().byRule().get(t.ruleId());
            out.printf(Locale.ROOT, "%-36s %6d %7d %8.3f %6.3f %6s %13.2f%n", t.ruleId(), t.alerts(), t.correct(),
                    t.precisionAtK(), t.averagePrecision(), s == null ? "-" : String.format(Locale.ROOT, "%.3f", s.recall()),
                    t.recordsPerAlert());
        });
        out.printf(Locale.ROOT, "Records per alert, all rules: %.2f; findings per 1,000 benign accounts per day: %.3f (false: %.3f);"
                        + " notices (hub attributes, not in the finding budget): %.3f%n",
                recordsPerAlert(run), run.card().per1000BenignPerDay(run.card().findings()),
                run.card().per1000BenignPerDay((int) run.falseFindings()), run.card().per1000BenignPerDay((int) run.notices()));
    }

    /** Whether the run's findings stay within {@code budget} per 1,000 benign accounts per day. */
    public static boolean withinBudget(Run run, double budget) {
        double rate = run.card().per1000BenignPerDay(run.card().findings());
        return !Double.isNaN(rate) && rate <= budget;
    }

    public static void printBudget(Run run, double budget, PrintStream out) {
        out.printf(Locale.ROOT, "Finding budget %.3f per 1,000 benign accounts per day: %.3f, %s%n", budget,
                run.card().per1000BenignPerDay(run.card().findings()), withinBudget(run, budget) ? "met" : "MISSED");
    }

    /** Mean ± spread per rule and figure over the runs; a rule a run did not raise counts as absent there. */
    public static void printSummary(List<Run> runs, PrintStream out) {
        int k = runs.get(0).triage().k();
        out.printf("%nOver %d runs (mean ± sample standard deviation; k = %d):%n", runs.size(), k);
        out.printf("%-36s %15s %15s %15s %15s %15s %15s%n", "rule", "alerts", "precision", "recall", "p@" + k, "PR-AUC",
                "records/alert");
        Set<String> rules = new TreeSet<>();
        runs.forEach(r -> rules.addAll(r.triage().byRule().keySet()));
        runs.forEach(r -> rules.addAll(r.card().byRule().keySet()));
        for (String rule : rules) {
            List<Double> alerts = new ArrayList<>();
            List<Double> precision = new ArrayList<>();
            List<Double> recall = new ArrayList<>();
            List<Double> pAtK = new ArrayList<>();
            List<Double> auc = new ArrayList<>();
            List<Double> churn = new ArrayList<>();
            for (Run r : runs) {
                Scorecard.RuleScore s = r.card().byRule().get(rule);
                TriageMetrics.RuleTriage t = r.triage().byRule().get(rule);
                if (s != null) {
                    precision.add(s.precision());
                    recall.add(s.recall());
                }
                if (t != null) {
                    alerts.add((double) t.alerts());
                    pAtK.add(t.precisionAtK());
                    auc.add(t.averagePrecision());
                    churn.add(t.recordsPerAlert());
                }
            }
            out.printf("%-36s %15s %15s %15s %15s %15s %15s%n", rule, spread(alerts, "%.1f"), spread(precision, "%.3f"),
                    spread(recall, "%.3f"), spread(pAtK, "%.3f"), spread(auc, "%.3f"), spread(churn, "%.2f"));
        }
        List<Double> found = new ArrayList<>();
        List<Double> findings = new ArrayList<>();
        List<Double> falseFindings = new ArrayList<>();
        List<Double> notices = new ArrayList<>();
        List<Double> falseAlerts = new ArrayList<>();
        List<Double> records = new ArrayList<>();
        for (Run r : runs) {
            found.add(r.card().plantedTotal() == 0 ? 1.0 : (double) r.card().foundTotal() / r.card().plantedTotal());
            findings.add(r.card().per1000BenignPerDay(r.card().findings()));
            falseFindings.add(r.card().per1000BenignPerDay((int) r.falseFindings()));
            notices.add(r.card().per1000BenignPerDay((int) r.notices()));
            falseAlerts.add(r.card().falseAlertsPer1000BenignPerDay());
            records.add(recordsPerAlert(r));
        }
        out.printf("Share of planted cases found: %s%n", spread(found, "%.3f"));
        out.printf("Findings per 1,000 benign accounts per day: %s; false findings: %s%n", spread(findings, "%.3f"),
                spread(falseFindings, "%.3f"));
        out.printf("Notices (hub attributes, not in the finding budget) per 1,000 benign accounts per day: %s%n",
                spread(notices, "%.3f"));
        out.printf("False alerts (all rules) per 1,000 benign accounts per day: %s; records per alert: %s%n",
                spread(falseAlerts, "%.3f"), spread(records, "%.2f"));
    }

    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = values.size() < 2 ? 0 : Math.sqrt(ss / (values.size() - 1));
        return String.format(Locale.ROOT, format + " ± " + format, mean, sd);
    }

    private static double recordsPerAlert(Run run) {
        ToDoubleFunction<TriageMetrics.RuleTriage> records = TriageMetrics.RuleTriage::records;
        double recs = run.triage().byRule().values().stream().filter(t -> !t.ruleId().equals(TriageMetrics.FINDINGS))
                .mapToDouble(records).sum();
        int alerts = run.triage().byRule().values().stream().filter(t -> !t.ruleId().equals(TriageMetrics.FINDINGS))
                .mapToInt(TriageMetrics.RuleTriage::alerts).sum();
        return alerts == 0 ? 0 : recs / alerts;
    }
}
