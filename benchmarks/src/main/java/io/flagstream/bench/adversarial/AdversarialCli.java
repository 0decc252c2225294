package io.flagstream.bench.adversarial;

import io.flagstream.bench.Footprint;
import io.flagstream.bench.Harness;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.replay.ReplayEvent;
import io.flagstream.serde.AvroTrust;
import io.flagstream.sim.DemoScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code benchmarks/run.sh adversarial [options]}: the adversarial phases of issue 10 through the production topology
 * on the {@code replay} path, each next to the normal rate (the default simulator scenario) measured in the same run.
 */
@Command(name = "flagstream-bench adversarial", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pipes each phase through the production topology as 'replay' does",
                "(its own test driver, no broker, one thread, in-memory stores, every detector,",
                "risk and clusters as by default) and reports events/s, CPU time and retained",
                "heap, with the ratio to the normal phase of the same run. Phases:",
                "  normal          the simulator (--normal-*: 3,000 accounts, 14 days, 3 teams)",
                "  hub-instrument  --hub-accounts accounts pay out once to one instrument",
                "  hub-ip          --hub-accounts accounts log in from one IP",
                "  hot-account     one account with --hot-logins logins",
                "  power-law       --powerlaw-* accounts and payouts, Zipf-like degrees",
                "The hub and hot phases last --hub-days; every adversarial phase has a",
                "background of --background-accounts simulator accounts over its days.",
                "Writes <results-dir>/adversarial-<time>.json and .md. Exit code 1 if a phase",
                "failed (a phase that reaches --phase-timeout is a result, not a failure).", ""})
public final class AdversarialCli implements Callable<Integer> {
    static final Instant START = DemoScenario.demo().start();

    /** The phases, in run order. */
    enum Phase {
        NORMAL, HUB_INSTRUMENT, HUB_IP, HOT_ACCOUNT, POWER_LAW;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Phase of(String label) {
            return Arrays.stream(values()).filter(p -> p.label().equals(label.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + label + "'; phases: "
                            + Arrays.stream(values()).map(Phase::label).toList()));
        }
    }

    @Option(names = "--phases", defaultValue = "normal,hub-instrument,hub-ip,hot-account,power-law",
            description = "Phases to run, comma-separated, in this order (default ${DEFAULT-VALUE}); ratios need normal.")
    String phases;

    @Option(names = "--phase-timeout", defaultValue = "300", description = "Bound of each phase in seconds (default ${DEFAULT-VALUE}).")
    long phaseTimeoutSeconds;

    @Option(names = "--hub-accounts", defaultValue = "50000", description = "Accounts on the hub instrument and on the hub IP (default ${DEFAULT-VALUE}).")
    int hubAccounts;

    @Option(names = "--hot-logins", defaultValue = "1000000", description = "Logins of the hot account (default ${DEFAULT-VALUE}).")
    long hotLogins;

    @Option(names = "--hub-days", defaultValue = "30", description = "Days of the hub and hot-account phases (default ${DEFAULT-VALUE}).")
    int hubDays;

    @Option(names = "--powerlaw-accounts", defaultValue = "5800", description = "Accounts of the power-law phase (default ${DEFAULT-VALUE}).")
    int powerLawAccounts;

    @Option(names = "--powerlaw-payouts", defaultValue = "94000", description = "Payouts of the power-law phase (default ${DEFAULT-VALUE}).")
    long powerLawPayouts;

    @Option(names = "--powerlaw-days", defaultValue = "42", description = "Days of the power-law phase (default ${DEFAULT-VALUE}).")
    int powerLawDays;

    @Option(names = "--background-accounts", defaultValue = "1000",
            description = "Simulator accounts behind each adversarial phase, 0 for none (default ${DEFAULT-VALUE}).")
    int backgroundAccounts;

    @Option(names = "--normal-accounts", defaultValue = "3000", description = "Accounts of the normal phase (default ${DEFAULT-VALUE}).")
    int normalAccounts;

    @Option(names = "--normal-days", defaultValue = "14", description = "Days of the normal phase (default ${DEFAULT-VALUE}).")
    int normalDays;

    @Option(names = "--normal-teams", defaultValue = "3", description = "Operator teams of the normal phase (default ${DEFAULT-VALUE}).")
    int normalTeams;

    @Option(names = "--warmup-events", defaultValue = "50000",
            description = "Events of the normal scenario piped once, unreported, before the phases (JIT, class loading); 0 for none "
                    + "(default ${DEFAULT-VALUE}).")
    long warmupEvents;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every generator and of the simulator (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--results-dir", defaultValue = "benchmarks/target/results", description = "Where results go (default ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--note", defaultValue = "", description = "A note on the conditions, stored with the results (e.g. 'machine shared').")
    String note;

    private final PrintStream out;

    public AdversarialCli() {
        this(System.out);
    }

    AdversarialCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        System.exit(new CommandLine(new AdversarialCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        AdversarialResults results = measure();
        String base = "adversarial-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<Path> written = results.write(resultsDir, base);
        out.println();
        out.println(results.markdown());
        out.println("Results written to " + written.get(0).toAbsolutePath() + " and " + written.get(1).toAbsolutePath());
        return results.failures().isEmpty() ? 0 : 1;
    }

    /** Runs the chosen phases and returns the results (nothing written). */
    AdversarialResults measure() {
        AvroTrust.trustFlagStreamClasses();
        List<Phase> chosen = Arrays.stream(phases.split(",")).map(Phase::of).toList();
        AdversarialResults results = new AdversarialResults();
        recordConditions(results);
        PhaseRunner runner = new PhaseRunner(Duration.ofSeconds(phaseTimeoutSeconds), out);
        if (warmupEvents > 0) {
            say("Warm-up: the first %,d events of the normal scenario, not reported...", warmupEvents);
            runner.run("warm-up", () -> {
                SimulatorSource normal = new SimulatorSource(normalScenario());
                return new PhaseRunner.Input("", warmupEvents, config(normal), new Limited(normal, warmupEvents), () -> 0L);
            });
        }
        for (Phase phase : chosen) {
            say("Phase %s...", phase.label());
            PhaseResult r;
            try {
                r = runner.run(phase.label(), () -> input(phase));
            } catch (RuntimeException e) {
                r = PhaseResult.failed(phase.label(), "", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            results.phases.add(r);
            say("      %s: %,d events in %.1f s = %,.0f ev/s, %,.0f per CPU-second; retained heap %,.1f MiB%s", r.status(), r.events(),
                    r.wallSeconds(), r.eventsPerSecond(), r.eventsPerCpuSecond(), r.retainedHeapBytes() / 1048576.0,
                    r.message() == null ? "" : "; " + r.message());
        }
        results.peakRssBytes = Footprint.peakRssBytes();
        results.machine.put("loadAverageAtEnd", Harness.loadAverage());
        results.computeRatios();
        return results;
    }

    private PhaseRunner.Input input(Phase phase) {
        if (phase == Phase.NORMAL) {
            SimulatorSource normal = new SimulatorSource(normalScenario());
            String shape = String.format(Locale.ROOT, "simulator: %,d accounts, %d days, %d operator teams", normalAccounts, normalDays, normalTeams);
            return new PhaseRunner.Input(shape, normal.remaining(), config(normal), normal, () -> 0L);
        }
        AdversarialGenerator generator = generator(phase);
        SimulatorSource background = backgroundAccounts > 0
                ? new SimulatorSource(new DemoScenario(seed, backgroundAccounts, generator.days(), START, 0)) : null;
        long backgroundEvents = background == null ? 0 : background.remaining();
        GeneratedSource adversarial = new GeneratedSource(generator, START.toEpochMilli());
        String shape = generator.shape() + String.format(Locale.ROOT, "; background %,d simulator events (%,d accounts)", backgroundEvents,
                backgroundAccounts);
        return new PhaseRunner.Input(shape, generator.events() + backgroundEvents,
                background == null ? config(List.of(), List.of()) : config(background),
                background == null ? adversarial : new MergedSource(background, adversarial), adversarial::handedOut);
    }

    private AdversarialGenerator generator(Phase phase) {
        long start = START.toEpochMilli();
        return switch (phase) {
            case HUB_INSTRUMENT -> new HubInstrument(hubAccounts, hubDays, start, seed);
            case HUB_IP -> new HubIp(hubAccounts, hubDays, start, seed);
            case HOT_ACCOUNT -> new HotAccount(hotLogins, hubDays, start, seed);
            case POWER_LAW -> new PowerLawPayees(powerLawAccounts, powerLawPayouts, powerLawDays, start, seed);
            case NORMAL -> throw new IllegalArgumentException("normal is the simulator, not a generator");
        };
    }

    private DemoScenario normalScenario() {
        return new DemoScenario(seed, normalAccounts, normalDays, START, normalTeams);
    }

    private static FlagStreamConfig config(SimulatorSource simulator) {
        return config(simulator.allowedIps(), simulator.allowedInstruments());
    }

    /**
     * The settings {@code replay} runs with (its defaults: in-memory stores, no broker) plus the simulator's allow-list,
     * as {@code replay --config allow-list.properties} sets it. No {@code FLAGSTREAM_*} variables: a run is reproducible.
     */
    static FlagStreamConfig config(List<String> allowedIps, List<String> allowedInstruments) {
        Map<String, String> s = new HashMap<>();
        s.put("flagstream.bootstrap.servers", "replay.invalid:9092");
        s.put("flagstream.application.id", "flagstream-adversarial");
        s.put("flagstream.state.store-type", "in_memory");
        s.put("flagstream.schema.registry.url", "mock://adversarial");
        if (!allowedIps.isEmpty()) {
            s.put("flagstream.allow-list.ips", String.join(",", allowedIps));
        }
        if (!allowedInstruments.isEmpty()) {
            s.put("flagstream.allow-list.instruments", String.join(",", allowedInstruments));
        }
        return ConfigLoader.load(s, Map.of());
    }

    private void recordConditions(AdversarialResults results) {
        Runtime rt = Runtime.getRuntime();
        results.machine.put("cores", rt.availableProcessors());
        results.machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.machine.put("maxHeapMiB", rt.maxMemory() / 1048576);
        results.machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        results.machine.put("loadAverageAtStart", Harness.loadAverage());
        results.machine.put("startedAt", Instant.now().toString());
        results.machine.put("note", note);
        results.options.put("phases", phases);
        results.options.put("phaseTimeoutSeconds", phaseTimeoutSeconds);
        results.options.put("hubAccounts", hubAccounts);
        results.options.put("hotLogins", hotLogins);
        results.options.put("hubDays", hubDays);
        results.options.put("powerLawAccounts", powerLawAccounts);
        results.options.put("powerLawPayouts", powerLawPayouts);
        results.options.put("powerLawDays", powerLawDays);
        results.options.put("backgroundAccounts", backgroundAccounts);
        results.options.put("normal", normalAccounts + " accounts, " + normalDays + " days, " + normalTeams + " teams");
        results.options.put("warmupEvents", warmupEvents);
        results.options.put("seed", seed);
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** The first {@code limit} events of a source. */
    private static final class Limited implements EventSource {
        private final EventSource source;
        private final long limit;

        Limited(EventSource source, long limit) {
            this.source = source;
            this.limit = limit;
        }

        @Override
        public ReplayEvent next() {
            return source.handedOut() < limit ? source.next() : null;
        }

        @Override
        public long handedOut() {
            return source.handedOut();
        }
    }
}
