package io.flagstream.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code benchmarks/run.sh [options]}: one full benchmark run on an embedded broker. */
@Command(name = "flagstream-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures FlagStream against the machine's limits in one run on one embedded KRaft broker:",
                "load, raw consume+deserialize limit, a reference Streams app, the FlagStream matrix, event->alert latency, footprint.",
                "Prints a table and writes <results-dir>/bench-<time>.json and .md."})
public final class BenchCli implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "2000000", description = "Simulator events to load (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per input topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--without-prelude", description = "Leave out the simulator's account-creation prelude (events up to two years "
            + "before the simulated 14 days); N events are then all from the 14 days.")
    boolean withoutPrelude;

    @Option(names = "--no-warmup", description = "Skip the unreported warm-up run of the first matrix entry "
            + "(without it, the first FlagStream run of the JVM also pays for JIT compilation and class loading).")
    boolean noWarmup;

    @Option(names = "--quick", description = "Matrix alos-1s-1t,eos-1s-1t; latency alos-1s-1t,eos-1s-1t for 20 s.")
    boolean quick;

    @Option(names = "--matrix", description = "FlagStream throughput configurations, comma-separated <alos|eos>-<commit>-<threads>t "
            + "(default all 8: alos/eos x 100ms/1s x 1t/2t).")
    String matrix;

    @Option(names = "--latency", description = "Configurations for the latency phase, comma-separated, or 'none' "
            + "(default alos-1s-1t,eos-1s-1t,eos-100ms-1t; with --quick alos-1s-1t,eos-1s-1t).")
    String latency;

    @Option(names = "--latency-seconds", description = "Seconds of fixed-rate traffic per latency configuration (default 60, --quick 20).")
    Integer latencySeconds;

    @Option(names = "--latency-rate", defaultValue = "0", description = "Events/s of the latency traffic (default: half the best ALOS throughput measured).")
    double latencyRate;

    @Option(names = "--cases-per-second", defaultValue = "5", description = "Planted A16 cases per second in the latency traffic (default ${DEFAULT-VALUE}).")
    double casesPerSecond;

    @Option(names = "--phase-timeout", description = "Bound of each throughput phase in seconds (default max(120, events/2000)).")
    Long phaseTimeoutSeconds;

    @Option(names = "--results-dir", defaultValue = "benchmarks/target/results", description = "Where results go (default ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--note", defaultValue = "", description = "A note on the conditions, stored with the results (e.g. 'machine shared with other builds').")
    String note;

    public static void main(String[] args) {
        // streams-app's jar carries the production logback.xml (INFO for io.flagstream): the harness wants the quieter one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }

    BenchOptions options() {
        List<Combo> m = matrix != null ? Combo.parseList(matrix) : quick ? Combo.QUICK : Combo.FULL;
        List<Combo> l = latency != null ? (latency.equalsIgnoreCase("none") ? List.of() : Combo.parseList(latency))
                : quick ? Combo.QUICK : Combo.parseList("alos-1s-1t,eos-1s-1t,eos-100ms-1t");
        int seconds = latencySeconds != null ? latencySeconds : quick ? 20 : 60;
        Duration timeout = phaseTimeoutSeconds != null ? Duration.ofSeconds(phaseTimeoutSeconds) : BenchOptions.defaultPhaseTimeout(events);
        if (events < 1 || partitions < 1 || seconds < 1 || casesPerSecond <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--events, --partitions, --latency-seconds and --cases-per-second must be positive");
        }
        return new BenchOptions(events, partitions, seed, withoutPrelude, !noWarmup, m, l, Duration.ofSeconds(seconds), latencyRate, casesPerSecond, timeout, resultsDir);
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions o = options();
        Results results = new Harness(o, System.out, note).run();
        String base = "bench-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<Path> written = results.write(o.resultsDir(), base);
        System.out.println();
        System.out.println(results.markdown());
        System.out.println("Results written to " + written.get(0).toAbsolutePath() + " and " + written.get(1).toAbsolutePath());
        return results.failures.isEmpty() ? 0 : 1;
    }
}
