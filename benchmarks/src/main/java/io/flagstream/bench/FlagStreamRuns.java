package io.flagstream.bench;

import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.serde.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Phase 4: the full FlagStream catalogue, as {@code FlagStreamApp.start} builds it from
 * {@code ConfigLoader} settings (defaults, plus the simulator's allow-lists as the demo sets them), reads
 * the loaded backlog from the beginning until every input and repartition offset is committed. One
 * unique application id and state directory per run; the HTTP endpoint is off.
 */
final class FlagStreamRuns {
    private FlagStreamRuns() {
    }

    /** ConfigLoader settings of one run. */
    static Map<String, String> settings(String bootstrap, String registryScope, String applicationId, Path stateDir, Combo combo,
                                        List<String> allowedIps, List<String> allowedInstruments) {
        Map<String, String> p = new HashMap<>();
        p.put("flagstream.bootstrap.servers", bootstrap);
        p.put("flagstream.schema.registry.url", "mock://" + registryScope);
        p.put("flagstream.application.id", applicationId);
        p.put("flagstream.state.dir", stateDir.toString());
        p.put("flagstream.http.port", "-1");
        p.put("flagstream.processing.guarantee", combo.guarantee().name().toLowerCase());
        p.put("flagstream.stream.threads", Integer.toString(combo.threads()));
        p.put("flagstream.commit.interval", combo.commitMs() + "ms");
        if (!allowedIps.isEmpty()) {
            p.put("flagstream.allow-list.ips", String.join(",", allowedIps));
        }
        if (!allowedInstruments.isEmpty()) {
            p.put("flagstream.allow-list.instruments", String.join(",", allowedInstruments));
        }
        return p;
    }

    static Results.FlagStreamRun run(Admin admin, SchemaRegistryClient registry, Map<String, String> settings, Combo combo,
                                     List<String> inputs, long activeAccounts, Duration timeout) throws InterruptedException {
        // FLAGSTREAM_* variables tune the app under test as they tune a deployment (e.g. FLAGSTREAM_KAFKA_LINGER_MS).
        FlagStreamConfig config = ConfigLoader.load(settings, System.getenv());
        String applicationId = config.kafka().applicationId();
        Path stateDir = config.kafka().stateDir();
        long events = Throughputs.endOffsets(admin, inputs);
        long begin = System.nanoTime();
        Throughputs.Timing timing;
        Map<String, Long> late;
        try (FlagStreamApp app = FlagStreamApp.start(config, registry, Clock.systemUTC())) {
            timing = Throughputs.awaitCompletion(app.streams(), admin, applicationId, inputs, "FlagStream " + combo, timeout,
                    events, begin);
            late = lateEventsDroppedByDetector(app.streams());
        }
        Path appState = stateDir.resolve(applicationId);
        // The total is the sum of the breakdown: one walk of the state dir less (-1 if it could not be read).
        Map<String, Long> stateByKind = Footprint.stateBytesByKind(appState);
        long stateBytes = stateByKind.containsKey("(unreadable)") ? -1 : stateByKind.values().stream().mapToLong(Long::longValue).sum();
        long changelogBytes = Footprint.changelogBytes(admin, applicationId);
        return new Results.FlagStreamRun(combo.label(), Results.OK, null, timing.events(), timing.secondsFromRunning(),
                timing.secondsFromStart(), timing.events() / timing.secondsFromRunning(), late.values().stream().mapToLong(Long::longValue).sum(), late, stateBytes, changelogBytes,
                (double) stateBytes / activeAccounts, (double) changelogBytes / activeAccounts, Footprint.peakRssBytes(),
                stateByKind, Footprint.stateBytesByStore(appState), StoreContents.byStore(appState));
    }

    /** Sum of the detectors' {@code late-events-dropped-total} metrics. */
    static long lateEventsDropped(KafkaStreams streams) {
        return lateEventsDroppedByDetector(streams).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The detectors' {@code late-events-dropped-total} metrics per detector (their {@code flagstream-id} tag, the rule id),
     * summed over tasks: which detectors lose events while a backlog is read. Detectors that dropped none are listed with 0.
     */
    static Map<String, Long> lateEventsDroppedByDetector(KafkaStreams streams) {
        Map<String, Long> byDetector = new TreeMap<>();
        streams.metrics().values().stream()
                .filter(m -> m.metricName().name().equals("late-events-dropped-total"))
                .forEach(m -> byDetector.merge(m.metricName().tags().getOrDefault("flagstream-id", "unknown"),
                        Math.round(((Number) m.metricValue()).doubleValue()), Long::sum));
        return byDetector;
    }
}
