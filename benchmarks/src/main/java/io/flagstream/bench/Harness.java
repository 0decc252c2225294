package io.flagstream.bench;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One benchmark run, every phase on the same embedded KRaft broker in this JVM: load, raw limit,
 * reference app, the FlagStream matrix, latency, footprint. A failed phase is reported and the run goes
 * on (except a failed load, which leaves nothing to measure).
 */
public final class Harness {
    private final BenchOptions options;
    private final PrintStream out;
    private final String note;

    public Harness(BenchOptions options, PrintStream out, String note) {
        this.options = options;
        this.out = out;
        this.note = note;
    }

    public Results run() throws IOException, InterruptedException {
        Results results = new Results();
        String startedAt = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
        String runId = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MMddHHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 4);
        String loadAtStart = loadAverage();
        results.options.put("events", options.events());
        results.options.put("partitions", options.partitions());
        results.options.put("seed", options.seed());
        results.options.put("withoutPrelude", options.withoutPrelude());
        results.options.put("warmup", options.warmup());
        results.options.put("matrix", options.matrix().stream().map(Combo::label).toList());
        results.options.put("latency", options.latency().stream().map(Combo::label).toList());
        results.options.put("latencySeconds", options.latencyDuration().toSeconds());
        results.options.put("latencyRate", options.latencyRate() > 0 ? options.latencyRate() : "half of best ALOS");
        results.options.put("casesPerSecond", options.casesPerSecond());
        results.options.put("phaseTimeoutSeconds", options.phaseTimeout().toSeconds());

        String scope = "bench-" + UUID.randomUUID();
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
        Path stateRoot = Files.createTempDirectory("flagstream-bench-state-");
        Duration timeout = options.phaseTimeout();
        long started = System.nanoTime();
        say("Starting an Apache Kafka broker (KRaft, in this JVM)...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Admin admin = kafka.admin();
            // Default topic names; the per-run settings only add the application id, state dir and matrix entry.
            FlagStreamConfig defaults = ConfigLoader.load(FlagStreamRuns.settings(bootstrap, scope, "bench", stateRoot,
                    Combo.parse("alos-1s-1t"), List.of(), List.of()), Map.of());
            Topics topics = Topics.create(defaults.topics(), registry);
            List<String> inputs = Loader.inputNames(topics);
            // Inputs keep record time = event time (CreateTime) and never expire: the simulated period is in the past.
            createTopics(admin, options.partitions(), Map.of("retention.ms", "-1"), inputs.toArray(String[]::new));
            createTopics(admin, options.partitions(), Map.of("message.timestamp.type", "LogAppendTime"), topics.alerts().name());
            createTopics(admin, 1, Map.of(), topics.deadLetter().name(), topics.audit().name());
            createTopics(admin, options.partitions(), Map.of("cleanup.policy", "compact"), topics.findings().name());
            createTopics(admin, 1, Map.of("cleanup.policy", "compact"), topics.config().name(), topics.allowList().name(),
                    topics.watchList().name(), topics.liveState().name());

            // 1. Load
            say("[1/6] Loading %,d simulator events onto %s (%d partitions each)...", options.events(), inputs, options.partitions());
            Loader loader = new Loader(bootstrap, topics);
            try {
                results.load = loader.load(options.events(), options.seed(), options.withoutPrelude(), timeout);
            } catch (RuntimeException e) {
                results.failures.add("load: " + e.getMessage());
                say("LOAD FAILED: %s", e.getMessage());
                return finish(results, startedAt, loadAtStart, started);
            }
            say("      %,d events in %.1f s = %,.0f events/s; %,d active accounts; %s",
                    results.load.events(), results.load.seconds(), results.load.eventsPerSecond(), results.load.accounts(), results.load.perTopic());

            // 2. Raw limit
            say("[2/6] Raw limit: a plain consumer reads and deserializes everything...");
            try {
                results.raw = RawConsumerPhase.run(bootstrap, topics, timeout);
                say("      %,.0f events/s (%.1f s)", results.raw.eventsPerSecond(), results.raw.seconds());
            } catch (RuntimeException e) {
                results.raw = new Results.Throughput("raw limit (plain consumer + AvroWireSerde)", Results.FAILED, e.getMessage(), 0, 0, 0);
                fail(results, "raw", e);
            }

            // 3. Reference app
            say("[3/6] Reference app: one re-key + one windowed count, alos-1s-1t...");
            String refId = "bench-" + runId + "-reference";
            String refOut = refId + "-out";
            try {
                createTopics(admin, options.partitions(), Map.of(), refOut);
                results.reference = ReferenceApp.run(bootstrap, admin, topics, stateRoot.resolve("reference"), refId, refOut, timeout);
                say("      %,.0f events/s (%.1f s; %s)", results.reference.eventsPerSecond(), results.reference.seconds(), results.reference.message());
            } catch (RuntimeException e) {
                results.reference = new Results.Throughput("reference (re-key + 1-min windowed count, alos-1s-1t)", Results.FAILED,
                        e.getMessage(), 0, 0, 0);
                fail(results, "reference", e);
            } finally {
                Footprint.deleteInternalTopics(admin, refId);
                Footprint.deleteRecursively(stateRoot.resolve("reference"));
            }

            // 4. FlagStream matrix, after an unreported warm-up run of its first entry
            if (options.warmup() && !options.matrix().isEmpty()) {
                Combo combo = options.matrix().get(0);
                say("[4/6] Warm-up: FlagStream %s once, not reported...", combo);
                String appId = "bench-" + runId + "-warmup";
                Path stateDir = stateRoot.resolve("warmup");
                try {
                    Results.FlagStreamRun run = FlagStreamRuns.run(admin, registry,
                            FlagStreamRuns.settings(bootstrap, scope, appId, stateDir, combo,
                                    loader.simulator().corporateEgressIps(), loader.simulator().agencyInstruments()),
                            combo, inputs, results.load.accounts(), timeout);
                    results.options.put("warmupEventsPerSecond", Math.round(run.eventsPerSecond()));
                    say("      %,.0f events/s (warm-up)", run.eventsPerSecond());
                } catch (RuntimeException e) {
                    fail(results, "warm-up " + combo, e);
                } finally {
                    Footprint.deleteInternalTopics(admin, appId);
                    Footprint.deleteRecursively(stateDir);
                }
            }
            int i = 0;
            for (Combo combo : options.matrix()) {
                i++;
                say("[4/6] FlagStream full catalogue %s (%d of %d)...", combo, i, options.matrix().size());
                String appId = "bench-" + runId + "-" + combo.label();
                Path stateDir = stateRoot.resolve(combo.label());
                try {
                    Results.FlagStreamRun run = FlagStreamRuns.run(admin, registry,
                            FlagStreamRuns.settings(bootstrap, scope, appId, stateDir, combo,
                                    loader.simulator().corporateEgressIps(), loader.simulator().agencyInstruments()),
                            combo, inputs, results.load.accounts(), timeout);
                    results.flagstream.add(run);
                    say("      %,.0f events/s (%.1f s, %.1f s incl. start-up); state %,.1f MiB, changelogs %,.1f MiB; %,d late events dropped",
                            run.eventsPerSecond(), run.secondsFromRunning(), run.secondsFromStart(), run.stateDirBytes() / 1048576.0,
                            run.changelogBytes() / 1048576.0, run.lateEventsDropped());
                } catch (RuntimeException e) {
                    results.flagstream.add(new Results.FlagStreamRun(combo.label(), Results.FAILED, e.getMessage(), 0, 0, 0, 0, 0, Map.of(),
                            0, 0, 0, 0, Footprint.peakRssBytes(), Map.of(), Map.of(), Map.of()));
                    fail(results, "FlagStream " + combo, e);
                } finally {
                    Footprint.deleteInternalTopics(admin, appId);
                    Footprint.deleteRecursively(stateDir);
                }
            }

            // 5. Latency
            double rate = options.latencyRate() > 0 ? options.latencyRate() : results.bestAlos() / 2;
            for (Combo combo : options.latency()) {
                say("[5/6] Latency %s at %,.0f events/s for %d s, %.1f planted A16 cases/s...", combo, rate,
                        options.latencyDuration().toSeconds(), options.casesPerSecond());
                if (rate <= 0) {
                    results.latency.add(new Results.Latency(combo.label(), Results.FAILED, "no ALOS throughput measured: give --latency-rate",
                            0, 0, 0, 0, 0, 0, 0, null, null));
                    results.failures.add("latency " + combo + ": no ALOS throughput measured; give --latency-rate");
                    continue;
                }
                Path stateDir = stateRoot.resolve("latency-" + combo.label());
                try {
                    Results.Latency l = LatencyPhase.run(admin, registry, scope, bootstrap, stateDir, runId, combo, options.partitions(),
                            rate, options.casesPerSecond(), options.latencyDuration());
                    results.latency.add(l);
                    say("      achieved %,.0f events/s; %d cases measured, %d without alert; append→append p50/p95/p99 %.0f/%.0f/%.0f ms; "
                                    + "append→visible %.0f/%.0f/%.0f ms", l.achievedRate(), l.casesMeasured(), l.casesWithoutAlert(),
                            l.appendToAppendMs().p50(), l.appendToAppendMs().p95(), l.appendToAppendMs().p99(),
                            l.appendToVisibleMs().p50(), l.appendToVisibleMs().p95(), l.appendToVisibleMs().p99());
                } catch (Exception e) {
                    results.latency.add(new Results.Latency(combo.label(), Results.FAILED, String.valueOf(e.getMessage()), rate, 0, 0, 0, 0, 0, 0,
                            null, null));
                    fail(results, "latency " + combo, e);
                } finally {
                    Footprint.deleteRecursively(stateDir);
                }
            }
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            Footprint.deleteRecursively(stateRoot);
        }
        say("[6/6] Footprint and results...");
        return finish(results, startedAt, loadAtStart, started);
    }

    private Results finish(Results results, String startedAt, String loadAtStart, long started) {
        results.peakRssBytes = Footprint.peakRssBytes();
        results.machine = new Results.Machine(Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().maxMemory(),
                loadAtStart, loadAverage(), startedAt, note);
        results.options.put("wallSeconds", Math.round((System.nanoTime() - started) / 1e9));
        results.options.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        results.computeRatios();
        return results;
    }

    private void fail(Results results, String phase, Exception e) {
        String message = phase + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        results.failures.add(message);
        say("      FAILED %s", message);
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Creates the topics (replication factor 1) with the given configs and waits until every partition has a leader. */
    /**
     * The app's topics: inputs and alerts with {@code partitions} partitions and the given configs, the findings
     * compacted beside them, the dead-letter and audit topics and the compacted control topics with one partition.
     */
    static void createAppTopics(Admin admin, Topics topics, int partitions, Map<String, String> inputAndAlertConfigs) {
        createTopics(admin, partitions, inputAndAlertConfigs, topics.payouts().name(), topics.logins().name(),
                topics.accountChanges().name(), topics.alerts().name());
        createTopics(admin, 1, Map.of(), topics.deadLetter().name(), topics.audit().name());
        createTopics(admin, partitions, Map.of("cleanup.policy", "compact"), topics.findings().name());
        createTopics(admin, 1, Map.of("cleanup.policy", "compact"), topics.config().name(), topics.allowList().name(),
                topics.watchList().name(), topics.liveState().name());
    }

    static void createTopics(Admin admin, int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1).configs(configs)).toList();
        try {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(Arrays.asList(names)).allTopicNames().get(10, TimeUnit.SECONDS);
                    if (d.values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not in the metadata yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + Arrays.toString(names) + " have no leader after 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + Arrays.toString(names) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
