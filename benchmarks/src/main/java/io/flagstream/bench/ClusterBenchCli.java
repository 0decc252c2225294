package io.flagstream.bench;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.risk.RiskTopology;
import io.flagstream.serde.AvroTrust;
import io.flagstream.state.ClusterInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run.sh clusters [options]}: the cluster task's limit on one thread (see {@link ClusterTaskDriver}),
 * with the default settings. Three phases on one RocksDB state:
 * <ol>
 *   <li>links: {@code --accounts} accounts joined in groups of {@code --group-size} (households, teams), one link per
 *       account after the first of its group;</li>
 *   <li>risk: one risk-score update per account, in random order;</li>
 *   <li>hot: one shared device links {@code --hot-size} accounts into one component, which is reported from its
 *       third account on, so every merge rewrites the component and revises its finding.</li>
 * </ol>
 * A warm-up run of the first two phases on {@code --warmup-accounts} (separate state) is not reported.
 */
@Command(name = "flagstream-bench clusters", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the cluster task alone: links/s and risk updates/s of one thread, state bytes per account, "
                + "and the cost of merges into one growing component.")
public final class ClusterBenchCli implements Callable<Integer> {
    private static final long SECOND = 1_000L;
    private static final long T0 = 1_740_787_200_000L; // 2025-03-01T00:00:00Z

    @Option(names = "--accounts", defaultValue = "200000", description = "Accounts in the links and risk phases (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--group-size", defaultValue = "4", description = "Accounts per linked group (default ${DEFAULT-VALUE}).")
    int groupSize;

    @Option(names = "--hot-size", defaultValue = "10000", description = "Accounts of the one hot component (default ${DEFAULT-VALUE}).")
    int hotSize;

    @Option(names = "--hot-step", defaultValue = "1000", description = "Report the hot phase every this many merges (default ${DEFAULT-VALUE}).")
    int hotStep;

    @Option(names = "--warmup-accounts", defaultValue = "50000", description = "Accounts of the unreported warm-up (default ${DEFAULT-VALUE}).")
    int warmupAccounts;

    @Option(names = "--commit-interval-ms", defaultValue = "1000", description = "Flush the stores this often, as a commit would "
            + "(default ${DEFAULT-VALUE}, the app's flagstream.commit.interval).")
    long commitIntervalMs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the risk scores and update order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--state-dir", description = "Where the RocksDB state goes (default: a fresh temporary directory, deleted after).")
    Path stateDir;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        System.exit(new CommandLine(new ClusterBenchCli()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        AvroTrust.trustFlagStreamClasses();
        FlagStreamConfig config = ConfigLoader.load(Map.of("flagstream.bootstrap.servers", "unused:9092",
                "flagstream.schema.registry.url", "http://unused"), Map.of());
        Path root = stateDir != null ? Files.createDirectories(stateDir) : Files.createTempDirectory("cluster-bench");
        try {
            try (ClusterTaskDriver warmup = new ClusterTaskDriver(config, root.resolve("warmup"), commitIntervalMs)) {
                links(warmup, "w", warmupAccounts);
                risk(warmup, "w", warmupAccounts);
            }
            out.printf(Locale.ROOT, "Cluster task, one thread, RocksDB, flush every %d ms; %,d accounts in groups of %d, hot component of %,d%n",
                    commitIntervalMs, accounts, groupSize, hotSize);
            try (ClusterTaskDriver task = new ClusterTaskDriver(config, root.resolve("run"), commitIntervalMs)) {
                long linkCount = accounts - (accounts + groupSize - 1) / groupSize;
                out.println("links:  " + links(task, "a", accounts).rates(linkCount, "links"));
                out.println("risk:   " + risk(task, "a", accounts).rates(accounts, "updates"));
                task.commit();
                long bytes = task.storeBytes();
                out.printf(Locale.ROOT, "state:  %,d bytes serialized (membership + components) = %.0f bytes/account; RocksDB directory %,d bytes%n",
                        bytes, (double) bytes / accounts, directoryBytes(root.resolve("run")));
                hot(task);
                task.commit();
                out.printf(Locale.ROOT, "findings forwarded: %,d%n", task.findings());
            }
        } finally {
            if (stateDir == null) {
                delete(root);
            }
        }
        return 0;
    }

    /** Groups of {@code groupSize}: each account after the group's first links to the previous one. */
    private Stopwatch links(ClusterTaskDriver task, String prefix, int n) {
        Stopwatch start = Stopwatch.start();
        for (int i = 0; i < n; i++) {
            if (i % groupSize != 0) {
                task.process(link(prefix + i, prefix + (i - 1), "ip", "10.0." + i, T0 + i * SECOND));
            }
        }
        return start;
    }

    private Stopwatch risk(ClusterTaskDriver task, String prefix, int n) {
        Random random = new Random(seed);
        Stopwatch start = Stopwatch.start();
        for (int i = 0; i < n; i++) {
            task.process(risk(prefix + random.nextInt(n), random.nextDouble() * 10, T0 + (n + i) * SECOND));
        }
        return start;
    }

    private void hot(ClusterTaskDriver task) {
        long t = T0 + 3L * accounts * SECOND;
        for (int i = 0; i < 3; i++) {
            task.process(risk("hot" + i, 10, t));
        }
        out.println("hot:    component size | merges/s wall | merges per CPU-second | component record bytes (over the last step)");
        Stopwatch start = Stopwatch.start();
        for (int i = 1; i < hotSize; i++) {
            task.process(link("hot" + i, "hot0", "device", "dev-hot", t + i * SECOND));
            if ((i + 1) % hotStep == 0 || i == hotSize - 1) {
                int merges = Math.min(hotStep, i);
                out.printf(Locale.ROOT, "        %,14d | %,13.0f | %,21.0f | %,d%n", i + 1, merges / start.wallSeconds(),
                        merges / start.cpuSeconds(), task.componentBytes("hot0"));
                start = Stopwatch.start();
            }
        }
    }

    private static ClusterInput link(String account, String other, String via, String value, long t) {
        return new ClusterInput(RiskTopology.LINK_INPUT, account, other, via, value, "e-" + account, t, 0.0);
    }

    private static ClusterInput risk(String account, double score, long t) {
        return new ClusterInput(RiskTopology.RISK_INPUT, account, null, "", "", "alert-" + account, t, score);
    }

    /**
     * Wall-clock and CPU time of this (the task's) thread since {@link #start()}: on a machine shared with other
     * work the wall-clock rate says more about the neighbours than about the task, the CPU rate does not.
     * RocksDB's background flush and compaction threads are not counted.
     */
    private record Stopwatch(long wallNanos, long cpuNanos) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static Stopwatch start() {
            return new Stopwatch(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
        }

        double wallSeconds() {
            return (System.nanoTime() - wallNanos) / 1e9;
        }

        double cpuSeconds() {
            return (THREADS.getCurrentThreadCpuTime() - cpuNanos) / 1e9;
        }

        String rates(long n, String unit) {
            double wall = wallSeconds();
            double cpu = cpuSeconds();
            return String.format(Locale.ROOT, "%,d %s in %.1f s wall, %.1f s CPU = %,.0f %s/s wall, %,.0f %s per CPU-second",
                    n, unit, wall, cpu, n / wall, unit, n / cpu, unit);
        }
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
