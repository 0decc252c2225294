package io.flagstream.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's endpoint: {@code /health} (liveness: the Streams client is not dead), {@code /ready}
 * (readiness: RUNNING, not rebalancing) and {@code /metrics} (Prometheus text, Kafka Streams metrics
 * included). No account data here, so no authentication (probes and scrapers carry none); the data API is a
 * separate listener ({@link DataApiServer}) with its own threads, so no client of it can delay a probe.
 * The JDK's own server: a few read-only routes do not justify a web framework.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Set<KafkaStreams.State> DEAD =
            EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);
    /** Probes and a scrape are quick; two threads keep one slow scrape from delaying a probe. */
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    public HttpEndpoint(String bindAddress, int port, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        executor = Executors.newFixedThreadPool(THREADS, DataApiServer.daemonThreads("http-probes"));
        server.setExecutor(executor);
        server.createContext("/health", ex -> {
            KafkaStreams.State now = state.get();
            respond(ex, DEAD.contains(now) ? 503 : 200, "text/plain", now.name());
        });
        server.createContext("/ready", ex -> {
            KafkaStreams.State now = state.get();
            respond(ex, now == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain", now.name());
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
