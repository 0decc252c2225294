package io.flagstream.bench;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.StoreType;
import io.flagstream.detect.DetectorStores;
import io.flagstream.risk.RiskTopology;
import io.flagstream.risk.UnionFind;
import io.flagstream.serde.AvroTrust;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ClusterNode;
import io.flagstream.state.ClusterSummary;
import io.flagstream.state.ObservedEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run.sh clusters [options]}: the cluster task's and the instrument linker's limits on one thread
 * (see {@link TaskDriver}), with the default settings. Three phases of the cluster task on one RocksDB state:
 * <ol>
 *   <li>links: {@code --accounts} accounts joined in groups of {@code --group-size} (households, teams), one link per
 *       account after the first of its group;</li>
 *   <li>risk: one risk-score update per account, in random order;</li>
 *   <li>hot: one shared device links {@code --hot-size} accounts into one component, which is reported from its
 *       third account on, so every merge rewrites the component and revises its finding.</li>
 * </ol>
 * Then two phases of the instrument linker (the processor that turns instrument uses into links) on its own state:
 * <ol>
 *   <li>normal: {@code --accounts} accounts, each group of {@code --group-size} paying into an instrument of its own;</li>
 *   <li>hub: {@code --hub-size} accounts paying into one instrument (a payroll provider, an exchange's deposit
 *       address), one payout each.</li>
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

    @Option(names = "--hub-size", defaultValue = "50000", description = "Accounts paying into the one hub instrument (default ${DEFAULT-VALUE}).")
    int hubSize;

    @Option(names = "--hub-step", defaultValue = "10000", description = "Report the hub phase every this many uses (default ${DEFAULT-VALUE}).")
    int hubStep;

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
            try (TaskDriver<ClusterInput, FraudAlert> warmup = clusterTask(config, root.resolve("warmup"))) {
                links(warmup, "w", warmupAccounts);
                risk(warmup, "w", warmupAccounts);
            }
            out.printf(Locale.ROOT, "Cluster task, one thread, RocksDB, flush every %d ms; %,d accounts in groups of %d, hot component of %,d%n",
                    commitIntervalMs, accounts, groupSize, hotSize);
            try (TaskDriver<ClusterInput, FraudAlert> task = clusterTask(config, root.resolve("run"))) {
                long linkCount = accounts - (accounts + groupSize - 1) / groupSize;
                out.println("links:  " + links(task, "a", accounts).rates(linkCount, "links"));
                out.println("risk:   " + risk(task, "a", accounts).rates(accounts, "updates"));
                task.commit();
                long bytes = stateBytes(task);
                out.printf(Locale.ROOT, "state:  %,d bytes serialized (nodes + summaries) = %.0f bytes/account; RocksDB directory %,d bytes%n",
                        bytes, (double) bytes / accounts, directoryBytes(root.resolve("run")));
                hot(task);
                task.commit();
                out.printf(Locale.ROOT, "findings forwarded: %,d%n", task.forwarded());
            }
            out.printf(Locale.ROOT, "Instrument linker, one thread, RocksDB; %,d accounts in groups of %d, hub of %,d%n",
                    accounts, groupSize, hubSize);
            try (TaskDriver<ObservedEvent, ClusterInput> linker = instrumentLinker(config, root.resolve("linker"))) {
                Stopwatch normal = Stopwatch.start();
                for (int i = 0; i < accounts; i++) {
                    linker.process("inst-" + i / groupSize, payout("a" + i, "inst-" + i / groupSize, T0 + i * SECOND), T0 + i * SECOND);
                }
                linker.commit();
                out.println("normal: " + normal.rates(accounts, "uses") + "; " + String.format(Locale.ROOT, "%,d links", linker.forwarded()));
                hub(linker);
            }
        } finally {
            if (stateDir == null) {
                delete(root);
            }
        }
        return 0;
    }

    /** Groups of {@code groupSize}: each account after the group's first links to the previous one. */
    private Stopwatch links(TaskDriver<ClusterInput, FraudAlert> task, String prefix, int n) {
        Stopwatch start = Stopwatch.start();
        for (int i = 0; i < n; i++) {
            if (i % groupSize != 0) {
                process(task, link(prefix + i, prefix + (i - 1), "ip", "10.0." + i, T0 + i * SECOND));
            }
        }
        return start;
    }

    private Stopwatch risk(TaskDriver<ClusterInput, FraudAlert> task, String prefix, int n) {
        Random random = new Random(seed);
        Stopwatch start = Stopwatch.start();
        for (int i = 0; i < n; i++) {
            process(task, risk(prefix + random.nextInt(n), random.nextDouble() * 10, T0 + (n + i) * SECOND));
        }
        return start;
    }

    private void hot(TaskDriver<ClusterInput, FraudAlert> task) {
        long t = T0 + 3L * accounts * SECOND;
        for (int i = 0; i < 3; i++) {
            process(task, risk("hot" + i, 10, t));
        }
        out.println("hot:    component size | merges/s wall | merges per CPU-second | summary record bytes (over the last step)");
        Stopwatch start = Stopwatch.start();
        for (int i = 1; i < hotSize; i++) {
            process(task, link("hot" + i, "hot0", "device", "dev-hot", t + i * SECOND));
            if ((i + 1) % hotStep == 0 || i == hotSize - 1) {
                int merges = Math.min(hotStep, i);
                out.printf(Locale.ROOT, "        %,14d | %,13.0f | %,21.0f | %,d%n", i + 1, merges / start.wallSeconds(),
                        merges / start.cpuSeconds(), componentBytes(task, "hot0"));
                start = Stopwatch.start();
            }
        }
    }

    /** One instrument that {@code hubSize} accounts pay into, one payout each, a second apart. */
    private void hub(TaskDriver<ObservedEvent, ClusterInput> linker) {
        long t = T0 + 2L * accounts * SECOND;
        out.println("hub:    accounts so far | uses/s wall | uses per CPU-second | records forwarded: links, hub notice (over the last step)");
        Stopwatch start = Stopwatch.start();
        long linksBefore = linker.forwarded();
        for (int i = 0; i < hubSize; i++) {
            linker.process("inst-hub", payout("h" + i, "inst-hub", t + i * SECOND), t + i * SECOND);
            if ((i + 1) % hubStep == 0 || i == hubSize - 1) {
                linker.commit();
                int uses = (i % hubStep) + 1;
                out.printf(Locale.ROOT, "        %,15d | %,11.0f | %,19.0f | %,d%n", i + 1, uses / start.wallSeconds(),
                        uses / start.cpuSeconds(), linker.forwarded() - linksBefore);
                linksBefore = linker.forwarded();
                start = Stopwatch.start();
            }
        }
    }

    private TaskDriver<ClusterInput, FraudAlert> clusterTask(FlagStreamConfig config, Path dir) throws IOException {
        return new TaskDriver<>(RiskTopology.clusterTask(new DetectorStores(StoreType.ROCKSDB), InternalSerdes.create().episode(),
                config.clusters(), config.risk(), config.alerts(), Clock.systemUTC()), dir, commitIntervalMs);
    }

    private TaskDriver<ObservedEvent, ClusterInput> instrumentLinker(FlagStreamConfig config, Path dir) throws IOException {
        return new TaskDriver<>(RiskTopology.instrumentLinker(new DetectorStores(StoreType.ROCKSDB), config.clusters()), dir, commitIntervalMs);
    }

    private static void process(TaskDriver<ClusterInput, FraudAlert> task, ClusterInput in) {
        task.process("clusters", in, in.getTime());
    }

    /** Serialized key + value bytes of every record in the task's union-find stores: what RocksDB and the changelogs hold before compression. */
    private static long stateBytes(TaskDriver<ClusterInput, FraudAlert> task) {
        return storeBytes(task.store(RiskTopology.NODES_STORE), new InternalAvroSerde<>(ClusterNode.class))
                + storeBytes(task.store(RiskTopology.SUMMARIES_STORE), new InternalAvroSerde<>(ClusterSummary.class));
    }

    private static <V extends SpecificRecord> long storeBytes(KeyValueStore<String, V> store, InternalAvroSerde<V> serde) {
        long bytes = 0;
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                bytes += utf8(kv.key) + serde.serializer().serialize("", kv.value).length;
            }
        }
        return bytes;
    }

    /** Serialized bytes of the summary of the component that {@code account} belongs to. */
    private static long componentBytes(TaskDriver<ClusterInput, FraudAlert> task, String account) {
        KeyValueStore<String, ClusterSummary> summaries = task.store(RiskTopology.SUMMARIES_STORE);
        String root = UnionFind.root(task.store(RiskTopology.NODES_STORE), account);
        return new InternalAvroSerde<>(ClusterSummary.class).serializer().serialize("", summaries.get(root)).length;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ClusterInput link(String account, String other, String via, String value, long t) {
        return new ClusterInput(RiskTopology.LINK_INPUT, account, other, via, value, "e-" + account, t, 0.0, 0, List.of());
    }

    private static ObservedEvent payout(String account, String instrument, long t) {
        return new ObservedEvent("p-" + account, "payouts", account, t, instrument, Map.of("instrument", instrument));
    }

    private static ClusterInput risk(String account, double score, long t) {
        return new ClusterInput(RiskTopology.RISK_INPUT, account, null, "", "", "alert-" + account, t, score, 0, List.of());
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
