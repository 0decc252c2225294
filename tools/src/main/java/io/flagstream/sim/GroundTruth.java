package io.flagstream.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the simulator planted: the cases each detector should find, and a label for every account
 * ({@code benign}, {@code confounder:<type>} or {@code operator:<team>}) so that alerts on benign accounts
 * can be traced to the confounder that caused them.
 *
 * @param days  length of the simulated period in days (for alert volume per day); 0 when unknown
 * @param start when the simulated period begins, after the prelude of account openings; null when unknown
 */
public record GroundTruth(List<PlantedCase> cases, Map<String, String> accountLabels, int days, Instant start) {
    public static final String BENIGN = "benign";
    public static final String CONFOUNDER = "confounder:";
    public static final String OPERATOR = "operator:";

    /** Ground truth over a period of unknown length. */
    public GroundTruth(List<PlantedCase> cases, Map<String, String> accountLabels) {
        this(cases, accountLabels, 0, null);
    }

    /** Ground truth over a period of known length whose start is unknown: every alert is scored. */
    public GroundTruth(List<PlantedCase> cases, Map<String, String> accountLabels, int days) {
        this(cases, accountLabels, days, null);
    }

    public boolean isOperator(String account) {
        return accountLabels.getOrDefault(account, BENIGN).startsWith(OPERATOR);
    }

    public String label(String account) {
        return accountLabels.getOrDefault(account, BENIGN);
    }
}
