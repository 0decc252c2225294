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
 * included), and the account risk query ({@link AccountRiskHandler}). The JDK's own server: a few read-only
 * routes do not justify a web framework.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Set<KafkaStreams.State> DEAD =
            EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

    private final HttpServer server;

    public HttpEndpoint(int port, KafkaStreams streams, PrometheusMeterRegistry metrics) throws IOException {
        this(port, streams, metrics, null);
    }

    /** With {@code risk}, also {@code GET /accounts/{id}/risk} (and {@code /accounts/{id}/cluster} for peers). */
    public HttpEndpoint(int port, KafkaStreams streams, PrometheusMeterRegistry metrics, AccountRiskHandler risk) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        if (risk != null) {
            server.createContext("/accounts/", ex -> {
                // /accounts/{id}/risk, or /profile and /cluster for peers; ?local=true answers from this instance only.
                String[] parts = ex.getRequestURI().getPath().split("/");
                if (!"GET".equals(ex.getRequestMethod()) || parts.length != 4 || !Set.of("risk", "profile", "cluster").contains(parts[3])) {
                    respond(ex, 404, "application/json", "{\"error\":\"use GET /accounts/{id}/risk\"}");
                    return;
                }
                String account = java.net.URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
                boolean local = "local=true".equals(ex.getRequestURI().getQuery());
                AccountRiskHandler.Response r = risk.handle(account, parts[3], local);
                if (r.status() == 503) {
                    ex.getResponseHeaders().set("Retry-After", "1");
                }
                respond(ex, r.status(), "application/json", r.body());
            });
        }
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
