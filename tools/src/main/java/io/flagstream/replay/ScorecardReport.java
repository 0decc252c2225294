package io.flagstream.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.PlantedCase;
import io.flagstream.sim.Scorecard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code evaluate} command's output: the {@link Scorecard} as a table and as JSON. */
public final class ScorecardReport {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ScorecardReport() {
    }

    /** Every alert record of an alerts file; a bad line fails with {@code FILE:LINE: problem}. */
    public static List<FraudAlert> readAlerts(Path file) throws IOException {
        List<FraudAlert> alerts = new ArrayList<>();
        try (BufferedReader r = JsonLines.reader(file, new AtomicLong())) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    alerts.add(EventJson.readAlert(line));
                } catch (JsonFieldException e) {
                    throw new BadLineException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return alerts;
    }

    public static void print(Scorecard card, GroundTruth truth, PrintStream out) {
        out.printf("%-36s %7s %5s %6s %6s %5s %7s %9s %6s %12s %12s%n", "rule", "planted", "found", "missed", "alerts",
                "false", "op-hits", "precision", "recall", "median-delay", "false/1k/day");
        card.byRule().values().forEach(r -> out.printf(Locale.ROOT, "%-36s %7d %5d %6d %6d %5d %7d %9.3f %6.3f %12s %12s%n",
                r.ruleId(), r.planted(), r.found(), r.missed(), r.alerts(), r.falseAlerts(), r.operatorHits(),
                r.precision(), r.recall(), human(r.medianDetectionDelay()), rate(card.per1000BenignPerDay(r.falseAlerts()))));
        out.printf("Planted cases found: %d of %d%n", card.foundTotal(), card.plantedTotal());
        card.missed().forEach(p -> out.printf("MISSED  %s %s %s: %s%n", p.ruleId(), p.entityType(), p.entityId(), p.story()));
        out.printf("False alerts: %d %s%n", card.falseAlerts().size(), card.falseAlertsByLabel());
        card.falseAlerts().forEach(a -> out.printf("FALSE   %s %s %s (%s): %s%n", a.getRuleId(), a.getEntity().getType(),
                a.getEntity().getId(), String.join(",", labels(truth, a)), a.getDescription()));
        if (!card.beforePeriod().isEmpty()) {
            Map<String, Integer> byRuleAndLabel = new TreeMap<>();
            card.beforePeriod().forEach(a -> byRuleAndLabel.merge(a.getRuleId() + " " + String.join(",", labels(truth, a)), 1, Integer::sum));
            out.printf("Not scored, first raised before the period (on the prelude of account openings): %d %s%n",
                    card.beforePeriod().size(), byRuleAndLabel);
        }
        out.printf("Operator accounts flagged by at least one detector: %d of %d%n", card.operatorAccountsFlagged(),
                card.operatorAccountRules().size());
        out.printf(Locale.ROOT, "False alerts per 1,000 benign accounts per day: %s (%,d benign accounts, %d days)%n",
                rate(card.falseAlertsPer1000BenignPerDay()), card.benignAccounts(), card.days());
        out.printf(Locale.ROOT, "Findings (risk, clusters): %d, %s per 1,000 benign accounts per day; detector alerts: %d, %s per 1,000 benign accounts per day%n",
                card.findings(), rate(card.per1000BenignPerDay(card.findings())), card.detectorAlerts(),
                rate(card.per1000BenignPerDay(card.detectorAlerts())));
        if (card.notices() > 0) {
            out.printf(Locale.ROOT, "Notices (hub attributes, not findings): %d, %s per 1,000 benign accounts per day%n",
                    card.notices(), rate(card.per1000BenignPerDay(card.notices())));
        }
    }

    public static void writeJson(Scorecard card, GroundTruth truth, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode rules = root.putArray("rules");
        card.byRule().values().forEach(r -> {
            ObjectNode n = rules.addObject();
            n.put("ruleId", r.ruleId());
            n.put("planted", r.planted());
            n.put("found", r.found());
            n.put("missed", r.missed());
            n.put("alerts", r.alerts());
            n.put("falseAlerts", r.falseAlerts());
            n.put("operatorHits", r.operatorHits());
            n.put("precision", r.precision());
            n.put("recall", r.recall());
            n.put("medianDetectionDelay", r.medianDetectionDelay() == null ? null : r.medianDetectionDelay().toString());
            putRate(n, "falseAlertsPer1000BenignPerDay", card.per1000BenignPerDay(r.falseAlerts()));
        });
        ObjectNode totals = root.putObject("totals");
        totals.put("planted", card.plantedTotal());
        totals.put("found", card.foundTotal());
        totals.put("alerts", card.byRule().values().stream().mapToInt(Scorecard.RuleScore::alerts).sum());
        totals.put("falseAlerts", card.falseAlerts().size());
        ArrayNode missed = root.putArray("missed");
        for (PlantedCase p : card.missed()) {
            ObjectNode n = missed.addObject();
            n.put("ruleId", p.ruleId());
            n.put("entityType", p.entityType());
            n.put("entityId", p.entityId());
            n.put("story", p.story());
        }
        putAlerts(root.putArray("falseAlerts"), card.falseAlerts(), truth);
        putAlerts(root.putArray("beforePeriod"), card.beforePeriod(), truth);
        ObjectNode byLabel = root.putObject("falseAlertsByLabel");
        card.falseAlertsByLabel().forEach(byLabel::put);
        ObjectNode operators = root.putObject("operatorAccounts");
        operators.put("total", card.operatorAccountRules().size());
        operators.put("flagged", card.operatorAccountsFlagged());
        ObjectNode accounts = operators.putObject("rulesByAccount");
        card.operatorAccountRules().forEach((acct, rulesOf) -> rulesOf.forEach(accounts.putArray(acct)::add));
        root.put("benignAccounts", card.benignAccounts());
        root.put("days", card.days());
        putRate(root, "falseAlertsPer1000BenignPerDay", card.falseAlertsPer1000BenignPerDay());
        MAPPER.writeValue(file.toFile(), root);
    }

    /** Each alert as its id, rule, entity and the labels of the accounts it names. */
    private static void putAlerts(ArrayNode into, List<FraudAlert> alerts, GroundTruth truth) {
        for (FraudAlert a : alerts) {
            ObjectNode n = into.addObject();
            n.put("alertId", a.getAlertId());
            n.put("ruleId", a.getRuleId());
            n.put("entityType", a.getEntity().getType());
            n.put("entityId", a.getEntity().getId());
            labels(truth, a).forEach(n.putArray("labels")::add);
        }
    }

    private static void putRate(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static Set<String> labels(GroundTruth truth, FraudAlert a) {
        Set<String> labels = new TreeSet<>();
        a.getAccounts().forEach(acct -> labels.add(truth.label(acct)));
        if (a.getEntity().getType().equals("account")) {
            labels.add(truth.label(a.getEntity().getId()));
        }
        return labels;
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** {@code 2d 4h}, {@code 3h 20m}, {@code 45m}, {@code -}. */
    static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        String sign = d.isNegative() ? "-" : "";
        d = d.abs();
        if (d.toDays() > 0) {
            return sign + d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return sign + d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        return sign + d.toMinutes() + "m";
    }
}
