package io.flagstream.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.flagstream.config.HttpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The data API: {@code GET /accounts/{id}/risk} (and {@code /profile}, {@code /cluster} with
 * {@code ?local=true} for peers), answered only to a request carrying a known bearer token (401 otherwise;
 * every token may read every route, there are no scopes). Its own listener and a fixed pool of
 * {@code threads}: slow or idle clients hold at most those threads, never the probes'
 * ({@link HttpEndpoint}). HTTPS when a key store is configured.
 */
public final class DataApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataApiServer.class);
    private static final Set<String> PARTS = Set.of("risk", "profile", "cluster");

    /** Answers one authenticated query; {@code authorization} is passed on when a peer must be asked. */
    @FunctionalInterface
    public interface Queries {
        AccountRiskHandler.Response handle(String account, String part, boolean localOnly, String authorization);
    }

    private final HttpServer server;
    private final ExecutorService executor;

    public DataApiServer(String bindAddress, HttpSettings.Api api, SSLContext tls, Queries queries) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bindAddress), api.port());
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        executor = Executors.newFixedThreadPool(api.threads(), daemonThreads("http-api"));
        server.setExecutor(executor);
        server.createContext("/accounts/", ex -> {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            String client = api.tokens().clientFor(authorization);
            if (client == null) {
                log.warn("Data API: refused {} {} from {} (no or unknown bearer token)", ex.getRequestMethod(),
                        ex.getRequestURI().getPath(), ex.getRemoteAddress());
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"flagstream\"");
                HttpEndpoint.respond(ex, 401, "application/json", "{\"error\":\"a valid bearer token is required\"}");
                return;
            }
            answer(ex, queries, client, authorization);
        });
        server.start();
    }

    private static void answer(HttpExchange ex, Queries queries, String client, String authorization) throws IOException {
        // /accounts/{id}/risk, or /profile and /cluster for peers; ?local=true answers from this instance only.
        String[] parts = ex.getRequestURI().getPath().split("/");
        if (!"GET".equals(ex.getRequestMethod()) || parts.length != 4 || !PARTS.contains(parts[3])) {
            HttpEndpoint.respond(ex, 404, "application/json", "{\"error\":\"use GET /accounts/{id}/risk\"}");
            return;
        }
        String account = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        boolean local = "local=true".equals(ex.getRequestURI().getQuery());
        log.debug("Data API: {} reads {} of {}", client, parts[3], account);
        AccountRiskHandler.Response r = queries.handle(account, parts[3], local, authorization);
        if (r.status() == 503) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        HttpEndpoint.respond(ex, r.status(), "application/json", r.body());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
