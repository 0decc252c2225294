package io.flagstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class JvmProcessMetricsTest {

    @Test
    void exposesJvmMemoryGcThreadsCpuAndUptimeInPrometheusFormat() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmProcessMetrics jvm = new JvmProcessMetrics().bindTo(registry);
        try {
            assertThat(registry.scrape()).contains(
                    "jvm_memory_used_bytes{area=\"heap\"", "jvm_memory_max_bytes", "jvm_buffer_memory_used_bytes",
                    "jvm_gc_overhead", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count", "process_files_open_files",
                    "process_uptime_seconds");
        } finally {
            jvm.close();
        }
    }
}
