package io.flagstream.bench.adversarial;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What one adversarial run measured, printed as Markdown and written as JSON and Markdown. */
public final class AdversarialResults {
    public static final String NORMAL = "normal";

    /**
     * A phase's rate against the normal phase of the same run.
     *
     * @param wall ev/s over ev/s
     * @param cpu  events per CPU-second of the piping thread over the same for normal: less sensitive to neighbours
     */
    public record Ratio(String phase, double wall, double cpu) {
    }

    public final Map<String, Object> machine = new LinkedHashMap<>();
    public final Map<String, Object> options = new LinkedHashMap<>();
    public final List<PhaseResult> phases = new ArrayList<>();
    public final List<Ratio> ratios = new ArrayList<>();
    public long peakRssBytes;

    Optional<PhaseResult> phase(String name) {
        return phases.stream().filter(p -> p.phase().equals(name)).findFirst();
    }

    List<String> failures() {
        return phases.stream().filter(p -> PhaseResult.FAILED.equals(p.status())).map(p -> p.phase() + ": " + p.message()).toList();
    }

    void computeRatios() {
        ratios.clear();
        phase(NORMAL).filter(PhaseResult::measured).ifPresent(normal -> phases.stream()
                .filter(p -> !p.phase().equals(NORMAL) && p.measured())
                .forEach(p -> ratios.add(new Ratio(p.phase(), p.eventsPerSecond() / normal.eventsPerSecond(),
                        p.eventsPerCpuSecond() / normal.eventsPerCpuSecond()))));
    }

    String markdown() {
        StringBuilder s = new StringBuilder("### Machine\n\n");
        machine.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        s.append("\nOptions: `").append(options).append("`\n\n");
        s.append("### Phases (replay path: ReplayDriver, in-memory stores, full catalogue, one thread)\n\n")
                .append("| phase | status | events (adversarial) | wall s | ev/s | ev/s ÷ normal | CPU s thread / JVM | ev per CPU-s | "
                        + "per CPU-s ÷ normal | retained heap after GC |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult p : phases) {
            Optional<Ratio> r = ratios.stream().filter(x -> x.phase().equals(p.phase())).findFirst();
            s.append(String.format(Locale.ROOT, "| %s | %s | %,d (%,d) | %.1f | %,.0f | %s | %.1f / %.1f | %,.0f | %s | %,.1f MiB |%n",
                    p.phase(), p.status(), p.events(), p.adversarialEvents(), p.wallSeconds(), p.eventsPerSecond(),
                    r.map(x -> String.format(Locale.ROOT, "%.3f", x.wall())).orElse("–"), p.cpuSeconds(), p.processCpuSeconds(),
                    p.eventsPerCpuSecond(), r.map(x -> String.format(Locale.ROOT, "%.3f", x.cpu())).orElse("–"),
                    p.retainedHeapBytes() / 1048576.0));
        }
        s.append("\n### Shapes, alerts and notes\n\n");
        for (PhaseResult p : phases) {
            s.append("- **").append(p.phase()).append("**: ").append(p.shape()).append(String.format(Locale.ROOT, "; %,d events planned", p.plannedEvents()));
            if (p.message() != null) {
                s.append("; ").append(p.message());
            }
            s.append(String.format(Locale.ROOT, "; heap after GC %,.1f MiB before, %,.1f MiB after", p.heapBeforeBytes() / 1048576.0,
                    p.heapAfterBytes() / 1048576.0));
            s.append("; dead letters ").append(p.deadLetters());
            s.append("; alert records by rule ").append(p.alertRecordsByRule());
            if (!p.progress().isEmpty()) {
                s.append("; rate over time (s: ev/s) ").append(p.progress().stream()
                        .map(c -> String.format(Locale.ROOT, "%.0f: %,.0f", c.seconds(), c.intervalEventsPerSecond()))
                        .collect(Collectors.joining(", ")));
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "%nPeak RSS of the process (VmHWM): %,.0f MiB%n", peakRssBytes / 1048576.0));
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            s.append("\n### Failures\n\n");
            failures.forEach(f -> s.append("- ").append(f).append('\n'));
        }
        return s.toString();
    }

    /** Writes {@code <base>.json} and {@code <base>.md} into {@code dir}; returns the two paths. */
    List<Path> write(Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(base + ".json");
        Path md = dir.resolve(base + ".md");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), this);
        Files.writeString(md, "# FlagStream adversarial phases " + base + "\n\n" + markdown());
        return List.of(json, md);
    }
}
