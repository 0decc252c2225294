package io.flagstream.tools;

import io.flagstream.alert.AlertPriority;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.replay.GroundTruthJson;
import io.flagstream.replay.ScorecardReport;
import io.flagstream.replay.TriageReport;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import io.flagstream.sim.TriageMetrics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code evaluate --alerts alerts.jsonl --truth ground-truth.json}: the detection scorecard and the triage
 * figures; {@code evaluate --runs DIR DIR DIR}: the same for each run (seed) and their mean and spread.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score alerts against the simulator's ground truth (per rule, per confounder label, per operator account)"
                + " and the analyst's queue they make (precision@k, PR-AUC, records per alert).")
final class EvaluateCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = false)
        Single single;

        @Option(names = "--runs", arity = "1..*", paramLabel = "DIR",
                description = "Run directories, each with alerts.jsonl and ground-truth.json (e.g. one per seed): each is"
                        + " scored, then the mean and spread of every figure over them.")
        List<Path> runs;
    }

    static final class Single {
        @Option(names = "--alerts", required = true, paramLabel = "FILE", description = "Alerts as written by replay --out.")
        Path alerts;

        @Option(names = "--truth", required = true, paramLabel = "FILE", description = "ground-truth.json written by simulate.")
        Path truth;
    }

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scorecard as JSON (one run only).")
    Path json;

    @Option(names = "--k", defaultValue = "20", paramLabel = "N",
            description = "Alerts an analyst reviews in a day, per rule: precision@k (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--finding-budget", defaultValue = "1.0", paramLabel = "RATE",
            description = "Alert budget: risk and cluster findings per 1,000 benign accounts per day the analysts can take"
                    + " (hub-attribute notices are counted apart); each run is checked against it (default: ${DEFAULT-VALUE}).")
    double findingBudget;

    @Override
    public Integer call() throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be at least 1, not " + k);
        }
        if (input.single != null) {
            run(input.single.alerts, input.single.truth, json);
            return 0;
        }
        List<TriageReport.Run> runs = new ArrayList<>();
        for (Path dir : input.runs) {
            System.out.println("== " + dir);
            runs.add(run(dir.resolve("alerts.jsonl"), dir.resolve("ground-truth.json"), null));
        }
        TriageReport.printSummary(runs, System.out);
        return 0;
    }

    private TriageReport.Run run(Path alerts, Path truth, Path jsonOut) throws IOException {
        GroundTruth gt = GroundTruthJson.read(truth);
        List<FraudAlert> records = ScorecardReport.readAlerts(alerts);
        Scorecard card = Scorecard.of(gt, records);
        System.out.printf("%,d alert records from %s against %d planted cases in %s%n", records.size(), alerts,
                gt.cases().size(), truth);
        ScorecardReport.print(card, gt, System.out);
        TriageReport.Run run = new TriageReport.Run(alerts.toString(), card,
                TriageMetrics.of(gt, records, AlertPriority::of, k));
        TriageReport.print(run, System.out);
        TriageReport.printBudget(run, findingBudget, System.out);
        if (jsonOut != null) {
            ScorecardReport.writeJson(card, gt, jsonOut);
            System.out.println("Scorecard written to " + jsonOut);
        }
        return run;
    }
}
