package io.flagstream.tools;

import io.flagstream.config.FlagStreamConfig;
import io.flagstream.replay.EventFileReader;
import io.flagstream.replay.JsonLines;
import io.flagstream.replay.MergedEvents;
import io.flagstream.replay.Progress;
import io.flagstream.replay.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code replay --events FILE...}: recorded events through the production topology, alerts as JSON Lines. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run event files through the production topology (in a test driver of its own: no broker,",
                "one thread, in-memory registry) in event-time order, and write the alerts as JSON Lines.",
                "Same input, same output, byte for byte."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, arity = "1..*", paramLabel = "FILE",
            description = "JSON Lines event files (.gz allowed), each in event-time order; several are merged by timestamp.")
    List<Path> events;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file (detector settings, allow-list); bootstrap servers and registry are not needed.")
    Path config;

    @Option(names = "--out", paramLabel = "FILE", description = "Alerts file (JSON Lines, every record incl. revisions).")
    Path out;

    @Option(names = "--strict", description = "Stop at the first bad line instead of counting and skipping it.")
    boolean strict;

    @Option(names = "--max-errors-shown", defaultValue = "20", paramLabel = "N",
            description = "Bad lines reported one by one before only counting (default: ${DEFAULT-VALUE}).")
    int maxErrorsShown;

    @Override
    public Integer call() throws IOException {
        FlagStreamConfig cfg = Replay.config(config, System.getenv());
        BadLines bad = new BadLines(maxErrorsShown);
        List<EventFileReader> readers = events.stream().map(f -> new EventFileReader(f, strict, bad)).toList();
        Replay.Summary s;
        try (MergedEvents merged = new MergedEvents(readers);
             Writer w = out == null ? null : JsonLines.writer(out)) {
            s = Replay.run(cfg, merged, w, Progress.forConsole("replay", System.err));
        }
        var o = System.out;
        o.println("==================== FlagStream replay summary ====================");
        o.printf(Locale.ROOT, "Events read       %,d  from %s%n", s.events(), events);
        o.printf(Locale.ROOT, "Bad lines         %,d%s%n", s.badLines(), s.badLines() > 0 ? " (skipped; see stderr)" : "");
        if (s.outOfOrder() > 0) {
            o.printf(Locale.ROOT, "Out of order      %,d  (events earlier than one before them in the same file)%n", s.outOfOrder());
        }
        o.printf(Locale.ROOT, "Dead letters      %,d%n", s.deadLetters());
        s.deadLetterSamples().forEach(d -> o.println("                  " + d));
        o.printf(Locale.ROOT, "Alerts            %,d  (%,d records incl. updates)%n", s.alerts(),
                s.alertRecordsByRule().values().stream().mapToInt(Integer::intValue).sum());
        s.alertsByRule().forEach((rule, n) -> o.printf(Locale.ROOT, "  %-36s %,6d  (%,d records)%n", rule, n,
                s.alertRecordsByRule().get(rule)));
        o.printf(Locale.ROOT, "Wall time         %.1f s, %,.0f events/s%n", s.seconds(), s.eventsPerSecond());
        if (out != null) {
            o.println("Alerts written to " + out);
        }
        return 0;
    }

    /** Prints the first bad lines to stderr, then only counts them. */
    static final class BadLines implements java.util.function.Consumer<String> {
        private final int max;
        private int seen;

        BadLines(int max) {
            this.max = max;
        }

        @Override
        public void accept(String message) {
            seen++;
            if (seen <= max) {
                System.err.println("bad line: " + message);
            } else if (seen == max + 1) {
                System.err.println("bad line: ... further bad lines are counted, not shown");
            }
        }
    }
}
