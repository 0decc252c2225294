package io.flagstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What one harness run measured, printed as a table and written as JSON and Markdown. */
public final class Results {
    public static final String OK = "ok";
    public static final String FAILED = "FAILED";

    public record Machine(int cores, long memTotalBytes, String java, String os, long maxHeapBytes,
                          String loadAverageAtStart, String loadAverageAtEnd, String startedAt, String note) {
    }

    public record Load(long events, Map<String, Long> perTopic, long accounts, int simulatedAccounts, int simulatedDays,
                       double seconds, double eventsPerSecond, long inputBytes) {
    }

    /** A plain throughput phase (raw consumer, reference app). */
    public record Throughput(String name, String status, String message, long events, double seconds,
                             double eventsPerSecond) {
    }

    public record FlagStreamRun(String combo, String status, String message, long events, double secondsFromRunning,
                                double secondsFromStart, double eventsPerSecond, long lateEventsDropped,
                                Map<String, Long> lateEventsDroppedByDetector,
                                long stateDirBytes, long changelogBytes, double stateDirBytesPerAccount,
                                double changelogBytesPerAccount, long peakRssBytesSoFar,
                                Map<String, Long> stateDirBytesByKind, Map<String, Long> stateDirBytesByStore,
                                Map<String, StoreContents.Live> liveByStore) {
    }

    public record Latency(String combo, String status, String message, double targetRate, double achievedRate,
                          double seconds, long eventsSent, long casesPlanted, long casesMeasured, long casesWithoutAlert,
                          Percentiles appendToAppendMs, Percentiles appendToVisibleMs) {
    }

    public record Percentiles(long samples, double p50, double p95, double p99, double max) {
        static Percentiles of(List<Long> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                    sorted.get(sorted.size() - 1));
        }

        /** Nearest-rank percentile. */
        private static double rank(List<Long> sorted, double p) {
            int index = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    public record Ratio(String name, double value, String meaning) {
    }

    public Machine machine;
    public Map<String, Object> options = new LinkedHashMap<>();
    public Load load;
    public Throughput raw;
    public Throughput reference;
    public final List<FlagStreamRun> flagstream = new ArrayList<>();
    public final List<Latency> latency = new ArrayList<>();
    public final List<Ratio> ratios = new ArrayList<>();
    public long peakRssBytes;
    public final List<String> failures = new ArrayList<>();

    public Optional<FlagStreamRun> run(String combo) {
        return flagstream.stream().filter(r -> r.combo().equals(combo) && OK.equals(r.status())).findFirst();
    }

    /** Best ALOS events/s measured, or 0 if none. */
    public double bestAlos() {
        return flagstream.stream().filter(r -> OK.equals(r.status()) && r.combo().startsWith("alos"))
                .mapToDouble(FlagStreamRun::eventsPerSecond).max().orElse(0);
    }

    /** FlagStream / raw, FlagStream / reference for every run, EOS / ALOS for every matching pair. */
    public void computeRatios() {
        ratios.clear();
        for (FlagStreamRun r : flagstream) {
            if (!OK.equals(r.status())) {
                continue;
            }
            if (raw != null && OK.equals(raw.status()) && raw.eventsPerSecond() > 0) {
                ratios.add(new Ratio(r.combo() + " / raw", r.eventsPerSecond() / raw.eventsPerSecond(),
                        "share of the plain consume+deserialize rate"));
            }
            if (reference != null && OK.equals(reference.status()) && reference.eventsPerSecond() > 0) {
                ratios.add(new Ratio(r.combo() + " / reference", r.eventsPerSecond() / reference.eventsPerSecond(),
                        "vs one re-key + one windowed count (alos-1s-1t)"));
            }
        }
        for (FlagStreamRun eos : flagstream) {
            if (!OK.equals(eos.status()) || !eos.combo().startsWith("eos")) {
                continue;
            }
            String alosLabel = "alos" + eos.combo().substring(3);
            run(alosLabel).ifPresent(alos -> ratios.add(new Ratio(eos.combo() + " / " + alosLabel,
                    eos.eventsPerSecond() / alos.eventsPerSecond(), "exactly-once cost at the same commit interval and threads")));
        }
        for (Latency eos : latency) {
            if (!OK.equals(eos.status()) || !eos.combo().startsWith("eos")) {
                continue;
            }
            String alosLabel = "alos" + eos.combo().substring(3);
            latency.stream().filter(l -> l.combo().equals(alosLabel) && OK.equals(l.status())).findFirst()
                    .filter(alos -> alos.appendToVisibleMs().p50() > 0)
                    .ifPresent(alos -> ratios.add(new Ratio("latency p50 " + eos.combo() + " / " + alosLabel,
                            eos.appendToVisibleMs().p50() / alos.appendToVisibleMs().p50(), "event→visible alert, median")));
        }
    }

    /** The report as Markdown (also what the console shows). */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("### Machine\n\n");
        if (machine != null) {
            s.append(String.format(Locale.ROOT, "%d cores, %.1f GiB RAM, %s, %s, max heap %.1f GiB; load average at start %s, at end %s; started %s%n",
                    machine.cores(), machine.memTotalBytes() / 1073741824.0, machine.java(), machine.os(),
                    machine.maxHeapBytes() / 1073741824.0, machine.loadAverageAtStart(), machine.loadAverageAtEnd(), machine.startedAt()));
            if (machine.note() != null && !machine.note().isBlank()) {
                s.append("\n").append(machine.note()).append("\n");
            }
        }
        s.append("\nOptions: `").append(options).append("`\n\n");
        s.append("### Throughput\n\n| phase | status | events | seconds | events/s | notes |\n|---|---|---:|---:|---:|---|\n");
        if (load != null) {
            s.append(String.format(Locale.ROOT, "| load (serialize + produce, acks=all) | ok | %,d | %.1f | %,.0f | %,d accounts active, %s, %,d input bytes |%n",
                    load.events(), load.seconds(), load.eventsPerSecond(), load.accounts(), load.perTopic(), load.inputBytes()));
        }
        appendThroughput(s, raw);
        appendThroughput(s, reference);
        for (FlagStreamRun r : flagstream) {
            s.append(String.format(Locale.ROOT, "| FlagStream %s | %s | %,d | %.1f | %,.0f | %s |%n", r.combo(), r.status(), r.events(),
                    r.secondsFromRunning(), r.eventsPerSecond(),
                    OK.equals(r.status()) ? String.format(Locale.ROOT, "%.1f s incl. start-up; %,d late events dropped", r.secondsFromStart(), r.lateEventsDropped())
                            : r.message()));
        }
        appendLateEvents(s);
        s.append("\n### Ratios\n\n| ratio | value | meaning |\n|---|---:|---|\n");
        for (Ratio r : ratios) {
            s.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", r.name(), r.value(), r.meaning()));
        }
        s.append("\n### Latency (event → alert)\n\n")
                .append("append→append: alert's LogAppendTime − triggering input's LogAppendTime (newest evidence event). ")
                .append("append→visible: wall clock when a read_committed consumer received the alert − the same input time.\n\n")
                .append("| config | status | rate target / achieved (ev/s) | cases planted / measured / no alert | append→append p50 / p95 / p99 / max ms | append→visible p50 / p95 / p99 / max ms |\n")
                .append("|---|---|---:|---:|---:|---:|\n");
        for (Latency l : latency) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %,.0f / %,.0f | %d / %d / %d | %s | %s |%n", l.combo(),
                    OK.equals(l.status()) ? OK : l.status() + ": " + l.message(), l.targetRate(), l.achievedRate(),
                    l.casesPlanted(), l.casesMeasured(), l.casesWithoutAlert(), pct(l.appendToAppendMs()), pct(l.appendToVisibleMs())));
        }
        s.append("\n### Footprint\n\n")
                .append(String.format(Locale.ROOT, "Peak RSS of the whole process (broker, producers, consumers and apps in one JVM; VmHWM): %,.0f MiB%n%n",
                        peakRssBytes / 1048576.0))
                .append("| config | state dir after run | changelog bytes | state dir / active account | tables (sst) / active account | changelog / active account | peak RSS so far |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (FlagStreamRun r : flagstream) {
            if (OK.equals(r.status())) {
                // The state dir also holds a fixed cost per store (RocksDB options files, manifests): tables are the state.
                double sstPerAccount = r.stateDirBytes() == 0 ? 0
                        : r.stateDirBytesByKind().getOrDefault("sst", 0L) * r.stateDirBytesPerAccount() / r.stateDirBytes();
                s.append(String.format(Locale.ROOT, "| %s | %,.1f MiB | %,.1f MiB | %,.0f B | %,.0f B | %,.0f B | %,.0f MiB |%n", r.combo(),
                        r.stateDirBytes() / 1048576.0, r.changelogBytes() / 1048576.0, r.stateDirBytesPerAccount(),
                        sstPerAccount, r.changelogBytesPerAccount(), r.peakRssBytesSoFar() / 1048576.0));
            }
        }
        for (FlagStreamRun r : flagstream) {
            if (OK.equals(r.status()) && !r.stateDirBytesByKind().isEmpty()) {
                s.append(String.format(Locale.ROOT, "%nState dir of %s by file kind: %s. Largest stores: %s.%n", r.combo(),
                        largestFirst(r.stateDirBytesByKind(), 10), largestFirst(r.stateDirBytesByStore(), 8)));
            }
        }
        appendStoreContents(s);
        if (!failures.isEmpty()) {
            s.append("\n### Failures\n\n");
            failures.forEach(f -> s.append("- ").append(f).append('\n'));
        }
        return s.toString();
    }

    /** Late events dropped per detector (rows) and run (columns): which detectors lose events while reading the backlog. */
    private void appendLateEvents(StringBuilder s) {
        List<FlagStreamRun> runs = flagstream.stream().filter(r -> OK.equals(r.status())).toList();
        if (runs.isEmpty()) {
            return;
        }
        Set<String> detectors = new TreeSet<>();
        runs.forEach(r -> detectors.addAll(r.lateEventsDroppedByDetector().keySet()));
        s.append("\n### Late events dropped per detector (`late-events-dropped-total` by `flagstream-id`)\n\n| detector |");
        runs.forEach(r -> s.append(' ').append(r.combo()).append(" |"));
        s.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        for (String d : detectors) {
            s.append("| ").append(d).append(" |");
            runs.forEach(r -> s.append(String.format(Locale.ROOT, " %,d |", r.lateEventsDroppedByDetector().getOrDefault(d, 0L))));
            s.append('\n');
        }
        // An event read by several detectors counts once per detector that dropped it, so the sum can exceed the events.
        s.append("| **sum** (÷ input events) |");
        runs.forEach(r -> s.append(String.format(Locale.ROOT, " **%,d** (%.1f %% of %,d) |", r.lateEventsDropped(),
                r.events() > 0 ? 100.0 * r.lateEventsDropped() / r.events() : 0.0, r.events())));
        s.append('\n');
    }

    private static String pct(Percentiles p) {
        if (p == null || p.samples() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", p.p50(), p.p95(), p.p99(), p.max());
    }

    private static void appendThroughput(StringBuilder s, Throughput t) {
        if (t != null) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %,.0f | %s |%n", t.name(), t.status(), t.events(), t.seconds(),
                    t.eventsPerSecond(), t.message() == null ? "" : t.message()));
        }
    }

    /** Writes {@code <base>.json} and {@code <base>.md} into {@code dir}; returns the two paths. */
    public List<Path> write(Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(base + ".json");
        Path md = dir.resolve(base + ".md");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), this);
        Files.writeString(md, "# FlagStream benchmark " + base + "\n\n" + markdown());
        return List.of(json, md);
    }

    /**
     * The largest stores of each run by what they hold: entries, their key + value bytes before compression, and
     * both per active account; what a store costs per account is what the "state per account" target is made of.
     */
    private void appendStoreContents(StringBuilder s) {
        for (FlagStreamRun r : flagstream) {
            if (!OK.equals(r.status()) || r.liveByStore().isEmpty()) {
                continue;
            }
            double accounts = r.stateDirBytes() / r.stateDirBytesPerAccount();
            s.append(String.format(Locale.ROOT, "%nLargest stores of %s by content (RocksDB, read after the run; before compression):%n%n", r.combo()))
                    .append("| store | entries | key + value bytes | tables | entries / active account | bytes / active account |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            r.liveByStore().entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, StoreContents.Live> e) -> e.getValue().bytes()).reversed())
                    .limit(12)
                    .forEach(e -> s.append(String.format(Locale.ROOT, "| %s | %,d | %,.1f MiB | %,.1f MiB | %,.2f | %,.0f B |%n", e.getKey(),
                            e.getValue().entries(), e.getValue().bytes() / 1048576.0,
                            r.stateDirBytesByStore().getOrDefault(e.getKey(), 0L) / 1048576.0,
                            e.getValue().entries() / accounts, e.getValue().bytes() / accounts)));
            StoreContents.Live total = r.liveByStore().values().stream().reduce(new StoreContents.Live(0, 0), StoreContents.Live::plus);
            s.append(String.format(Locale.ROOT, "| **all stores** | %,d | %,.1f MiB | | %,.2f | %,.0f B |%n", total.entries(),
                    total.bytes() / 1048576.0, total.entries() / accounts, total.bytes() / accounts));
        }
    }

    private static String largestFirst(Map<String, Long> bytes, int limit) {
        return bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> String.format(Locale.ROOT, "%s %,.1f MiB", e.getKey(), e.getValue() / 1048576.0))
                .collect(Collectors.joining(", "));
    }
}
