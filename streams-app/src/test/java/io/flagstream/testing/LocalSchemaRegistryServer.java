package io.flagstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.serde.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A schema registry on 127.0.0.1 (a free port) speaking the part of the Confluent REST API that FlagStream
 * uses, backed by an {@link InMemorySchemaRegistry}:
 * {@code POST /subjects/{subject}/versions}, {@code GET /schemas/ids/{id}} and {@code GET /subjects}, with
 * Confluent's error bodies ({@code {"error_code":40403,"message":"Schema not found"}}), optional basic
 * auth and optional TLS. It records every request so tests can check what a client sent.
 *
 * <pre>{@code
 * try (var registry = new LocalSchemaRegistryServer().start()) {
 *     settings = SchemaRegistrySettings.forUrl(registry.url());
 * }
 * }</pre>
 */
public final class LocalSchemaRegistryServer implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySchemaRegistry registry;
    /** The expected {@code Authorization} header, or null when any request is let in. */
    private final String expectedAuthorization;
    private final SSLContext tls;
    private final boolean requireClientCertificate;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** A request as the server received it. Header names are case-insensitive, as in HTTP. */
    public record RecordedRequest(String method, String rawPath, Map<String, List<String>> headers, String body) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Options for a server; each defaults to off (plain HTTP, no authentication, a fresh registry). */
    public static final class Builder {
        private InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        private String userInfo;
        private SSLContext tls;
        private boolean requireClientCertificate;

        private Builder() {
        }

        /** Serves {@code registry}, e.g. to share it with serdes that use it directly. */
        public Builder registry(InMemorySchemaRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Requires basic auth with {@code user:password}, answering 401 otherwise, as Confluent Cloud does. */
        public Builder basicAuth(String userInfo) {
            this.userInfo = Objects.requireNonNull(userInfo, "userInfo");
            return this;
        }

        /** Serves HTTPS with {@code context}; with {@code requireClientCertificate}, mutual TLS. */
        public Builder tls(SSLContext context, boolean requireClientCertificate) {
            this.tls = Objects.requireNonNull(context, "context");
            this.requireClientCertificate = requireClientCertificate;
            return this;
        }

        /** The server, not yet started. */
        public LocalSchemaRegistryServer build() {
            return new LocalSchemaRegistryServer(this);
        }
    }

    /** A plain-HTTP server without authentication over a fresh registry; call {@link #start()}. */
    public LocalSchemaRegistryServer() {
        this(builder());
    }

    private LocalSchemaRegistryServer(Builder builder) {
        this.registry = builder.registry;
        this.expectedAuthorization = builder.userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(builder.userInfo.getBytes(StandardCharsets.UTF_8));
        this.tls = builder.tls;
        this.requireClientCertificate = builder.requireClientCertificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds a free port on the loopback address and starts serving. */
    public synchronized LocalSchemaRegistryServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            server = tls == null ? HttpServer.create(loopback, 0) : httpsServer(loopback);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the local schema registry", e);
        }
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}, for {@code schema.registry.url}. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The registry behind the server, to inspect or pre-fill. */
    public InMemorySchemaRegistry registry() {
        return registry;
    }

    /** Every request received so far, oldest first, including refused ones. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private HttpsServer httpsServer(InetSocketAddress address) throws IOException {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(requireClientCertificate);
                parameters.setSSLParameters(ssl);
            }
        });
        return https;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            RecordedRequest request = new RecordedRequest(method, rawPath, headers, body);
            requests.add(request);
            Response response = respond(request);
            byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if (response.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
            }
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } finally {
            exchange.close();
        }
    }

    private record Response(int status, String json) {
    }

    private Response respond(RecordedRequest request) throws JsonProcessingException {
        if (expectedAuthorization != null && !expectedAuthorization.equals(request.header("Authorization"))) {
            return error(401, 401, "Unauthorized");
        }
        String[] path = request.rawPath().split("/", -1);
        if (path.length == 2 && path[1].equals("subjects")) {
            return "GET".equals(request.method())
                    ? new Response(200, JSON.writeValueAsString(registry.subjects()))
                    : methodNotAllowed();
        }
        if (path.length == 4 && path[1].equals("subjects") && path[3].equals("versions")) {
            return "POST".equals(request.method()) ? register(decode(path[2]), request.body()) : methodNotAllowed();
        }
        if (path.length == 4 && path[1].equals("schemas") && path[2].equals("ids")) {
            return "GET".equals(request.method()) ? schemaById(path[3]) : methodNotAllowed();
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Response register(String subject, String body) throws JsonProcessingException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return error(400, 400, "Unrecognized request body: " + e.getOriginalMessage());
        }
        JsonNode type = request.get("schemaType");
        if (type != null && !"AVRO".equals(type.asText())) {
            return error(422, 42201, "Invalid schema: only AVRO is supported here, not " + type.asText());
        }
        JsonNode text = request.get("schema");
        if (text == null || !text.isTextual()) {
            return error(422, 42201, "Invalid schema: no \"schema\" string in the request");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        return new Response(200, JSON.writeValueAsString(Map.of("id", registry.register(subject, schema))));
    }

    private Response schemaById(String idText) throws JsonProcessingException {
        try {
            Schema schema = registry.schemaById(Integer.parseInt(idText));
            return new Response(200, JSON.writeValueAsString(Map.of("schema", schema.toString())));
        } catch (NumberFormatException | SchemaRegistryException notFound) {
            return error(404, 40403, "Schema not found");
        }
    }

    /** Decodes a percent-encoded path segment; unlike form decoding, a literal '+' stays a '+'. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Response methodNotAllowed() throws JsonProcessingException {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static Response error(int status, int errorCode, String message) throws JsonProcessingException {
        // An ObjectNode keeps Confluent's field order, error_code first.
        return new Response(status, JSON.writeValueAsString(JSON.createObjectNode()
                .put("error_code", errorCode).put("message", message)));
    }
}
