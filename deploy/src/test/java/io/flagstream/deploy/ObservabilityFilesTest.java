package io.flagstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules (in the chart's {@code files/}) and the Grafana dashboard in {@code observability/} parse, are complete, and query only
 * metrics the app exposes, so a renamed metric breaks this test instead of silently emptying a panel or
 * muting an alert.
 */
class ObservabilityFilesTest {
    private static final Path DIR = Path.of("observability");
    /** In the chart, which also renders them as a PrometheusRule. */
    private static final Path RULES = Path.of("helm", "flagstream", "files", "prometheus-rules.yaml");

    /**
     * Metric families the app serves on /metrics, as scraped from a running instance (flagstream-local up,
     * 2026-12-04) and pinned by streams-app's OutputCountersTest and JvmProcessMetricsTest; the late-events
     * sensor is named in docs/design.md. {@code up} is Prometheus' own.
     */
    private static final Set<String> EXPOSED = Set.of(
            "up",
            "flagstream_alert_records_total", "flagstream_dead_letters_total",
            "kafka_stream_flagstream_late_events_dropped_total",
            "kafka_stream_client_state", "kafka_stream_alive_stream_threads", "kafka_stream_failed_stream_threads_total",
            "kafka_stream_thread_process_rate", "kafka_stream_thread_process_total", "kafka_stream_thread_commit_latency_avg",
            "kafka_consumer_fetch_manager_records_lag_max",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_buffer_memory_used_bytes", "jvm_gc_pause_seconds_sum",
            "jvm_gc_overhead", "jvm_threads_live_threads", "process_cpu_usage");
    private static final Pattern METRIC = Pattern.compile("\\b(up|(?:flagstream|kafka|jvm|process)_[a-z_]+)\\b(?!\\s*\\()");

    @Test
    void everyAlertRuleIsCompleteAndQueriesExposedMetrics() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(RULES.toFile()).at("/groups/0/rules");
        assertThat(rules.size()).isGreaterThanOrEqualTo(6);
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertThat(name).as("alert name").startsWith("FlagStream");
            assertThat(rule.path("labels").path("severity").asText()).as("%s severity", name).isIn("critical", "warning", "info");
            assertThat(rule.at("/annotations/summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(metrics(rule.path("expr").asText())).as("metrics queried by %s", name).isNotEmpty().isSubsetOf(EXPOSED);
        }
    }

    @Test
    void everyDashboardPanelQueriesExposedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DIR.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("flagstream");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            assertThat(panel.path("targets").size()).as("targets of %s", panel.path("title")).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(metrics(target.path("expr").asText())).as("metrics of panel %s", panel.path("title"))
                        .isNotEmpty().isSubsetOf(EXPOSED);
            }
        }
        assertThat(titles).anyMatch(t -> t.contains("by rule")).anyMatch(t -> t.contains("Dead letters"))
                .anyMatch(t -> t.contains("Late events")).anyMatch(t -> t.contains("GC"));
    }

    @Test
    void theMetricPatternFindsMetricsButNotFunctionsOrLabels() {
        assertThat(metrics("sum by (rule) (rate(flagstream_alert_records_total{rule=\"x\"}[5m])) and on() up == 0"))
                .containsExactlyInAnyOrder("flagstream_alert_records_total", "up");
    }

    private static Set<String> metrics(String expr) {
        Set<String> found = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\\{[^}]*}", "{}").replaceAll("by \\([^)]*\\)", ""));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
