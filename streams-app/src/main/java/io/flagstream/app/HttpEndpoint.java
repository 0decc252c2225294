package io.flagstream.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The operator's endpoint: {@code /health} (liveness: the Streams client is not dead), {@code /ready}
 * (readiness: RUNNING, not rebalancing) and {@code /metrics} (Prometheus text, Kafka Streams metrics
 * included). The JDK's own server: three read-only routes do not justify a web framework.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Set<KafkaStreams.State> DEAD =
            EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

    private final HttpServer server;

    public HttpEndpoint(int port, KafkaStreams streams, PrometheusMeterRegistry metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", ex -> {
            KafkaStreams.State state = streams.state();
            respond(ex, DEAD.contains(state) ? 503 : 200, "text/plain", state.name());
        });
        server.createContext("/ready", ex -> {
            KafkaStreams.State state = streams.state();
            respond(ex, state == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain", state.name());
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
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
