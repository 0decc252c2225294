package io.flagstream.app;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.replay.GroundTruthJson;
import io.flagstream.replay.ScorecardReport;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.Scorecard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code evaluate --alerts alerts.jsonl --truth ground-truth.json}: the detection scorecard. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score alerts against the simulator's ground truth (per rule, per confounder label, per operator account).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--alerts", required = true, paramLabel = "FILE", description = "Alerts as written by replay --out.")
    Path alerts;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "ground-truth.json written by simulate.")
    Path truth;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scorecard as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException {
        GroundTruth gt = GroundTruthJson.read(truth);
        List<FraudAlert> records = ScorecardReport.readAlerts(alerts);
        Scorecard card = Scorecard.of(gt, records);
        System.out.printf("%,d alert records from %s against %d planted cases in %s%n", records.size(), alerts,
                gt.cases().size(), truth);
        ScorecardReport.print(card, gt, System.out);
        if (json != null) {
            ScorecardReport.writeJson(card, gt, json);
            System.out.println("Scorecard written to " + json);
        }
        return 0;
    }
}
