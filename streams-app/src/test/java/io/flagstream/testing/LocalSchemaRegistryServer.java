package io.flagstream.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.serde.InMemorySchemaRegistry;
import io.flagstream.serde.InMemorySchemaRegistry.Compatibility;
import io.flagstream.serde.InMemorySchemaRegistry.Reference;
import io.flagstream.serde.InMemorySchemaRegistry.Stored;
import io.flagstream.serde.SchemaRegistryClient.SubjectVersion;
import io.flagstream.serde.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A schema registry on 127.0.0.1 (a free port) speaking the part of the Confluent REST API that Confluent's
 * serializers and FlagStream use, backed by an {@link InMemorySchemaRegistry}: {@code GET /subjects},
 * {@code GET|POST /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{n|latest}[/schema]},
 * {@code POST /subjects/{s}} (look up), {@code GET /schemas/ids/{id}[/schema]} with {@code references},
 * {@code GET|PUT /config[/{s}]} (BACKWARD by default), {@code POST /compatibility/subjects/{s}/versions[/{n}]},
 * with Confluent's error bodies ({@code {"error_code":40403,"message":"Schema not found"}}; 40401, 40402, 42201,
 * 409), optional basic auth and optional TLS. Any failure is answered (500, 50001), never a dropped connection.
 * It records every request so tests can check what a client sent.
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
    /** The address to bind; null: the loopback address. */
    private final InetAddress bindAddress;
    private final boolean recordRequests;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** How many of the next requests to refuse with {@link #failingStatus}, to play a registry in trouble. */
    private final AtomicInteger failuresToAnswer = new AtomicInteger();
    private volatile int failingStatus;
    private HttpServer server;
    /** The port of the first start, kept so that a restart serves clients at the same URL. */
    private int port;

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
        /** Checks BACKWARD compatibility, as Confluent's registry does by default. */
        private InMemorySchemaRegistry registry = new InMemorySchemaRegistry(Compatibility.BACKWARD);
        private String userInfo;
        private SSLContext tls;
        private boolean requireClientCertificate;
        private InetAddress bindAddress;
        private int port;
        private boolean recordRequests = true;

        private Builder() {
        }

        /**
         * Binds {@code address} (e.g. the wildcard address, to serve other containers) and {@code port} (0: a free
         * one) instead of a free port on the loopback address.
         */
        public Builder listen(InetAddress address, int port) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Whether to keep every request for {@link #requests()} (on by default); off for a long-running server. */
        public Builder recordRequests(boolean record) {
            this.recordRequests = record;
            return this;
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
        this.bindAddress = builder.bindAddress;
        this.port = builder.port;
        this.recordRequests = builder.recordRequests;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds a free port on the loopback address (or the builder's {@link Builder#listen address}) and starts serving. */
    public synchronized LocalSchemaRegistryServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress address = new InetSocketAddress(bindAddress == null ? InetAddress.getLoopbackAddress() : bindAddress, port);
        try {
            server = tls == null ? HttpServer.create(address, 0) : httpsServer(address);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the local schema registry", e);
        }
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /**
     * Stops serving, as a registry that went down: clients get "connection refused" until {@link #start()}
     * serves the same registry at the same URL again.
     */
    public synchronized void stop() {
        close();
    }

    /** Answers the next {@code count} requests with HTTP {@code status} (e.g. 503) and a Confluent error body. */
    public void failNext(int count, int status) {
        failingStatus = status;
        failuresToAnswer.set(count);
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
            if (recordRequests) {
                requests.add(request);
            }
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
        if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(failingStatus, failingStatus * 100 + 1, "Injected failure");
        }
        try {
            return route(request.method(), request.rawPath().split("/", -1), request.body());
        } catch (SchemaRegistryException e) {
            return error(e.httpStatus().orElse(500), e.errorCode().orElse(50001), e.getMessage());
        } catch (RuntimeException e) {
            // Whatever goes wrong, the client gets an answer rather than a dropped connection.
            return error(500, 50001, "Error in the backend data store: " + e);
        }
    }

    /** The Confluent REST API, path segment by path segment (segment 0 is the empty text before the first '/'). */
    private Response route(String method, String[] path, String body) throws JsonProcessingException {
        int n = path.length;
        String top = n > 1 ? path[1] : "";
        if (top.equals("subjects")) {
            if (n == 2) {
                return "GET".equals(method) ? ok(registry.subjects()) : methodNotAllowed();
            }
            String subject = decode(path[2]);
            if (n == 3) {
                return "POST".equals(method) ? lookup(subject, body) : methodNotAllowed();
            }
            if (n == 4 && path[3].equals("versions")) {
                return switch (method) {
                    case "GET" -> ok(versionNumbers(subject));
                    case "POST" -> register(subject, body);
                    default -> methodNotAllowed();
                };
            }
            if ((n == 5 || n == 6 && path[5].equals("schema")) && path[3].equals("versions")) {
                if (!"GET".equals(method)) {
                    return methodNotAllowed();
                }
                SubjectVersion version = version(subject, path[4]);
                return n == 5 ? ok(versionJson(version)) : ok(JSON.readTree(registry.stored(version.id()).text()));
            }
        }
        if (top.equals("schemas") && n >= 4 && path[2].equals("ids")) {
            if (!"GET".equals(method)) {
                return methodNotAllowed();
            }
            Stored stored = schemaById(path[3]);
            if (n == 4) {
                ObjectNode answer = JSON.createObjectNode().put("schema", stored.text());
                addReferences(answer, stored.references());
                return ok(answer);
            }
            if (n == 5 && path[4].equals("schema")) {
                return ok(JSON.readTree(stored.text()));
            }
        }
        if (top.equals("config")) {
            String subject = n == 3 ? decode(path[2]) : null;
            if (n == 2 || n == 3) {
                return switch (method) {
                    case "GET" -> ok(JSON.createObjectNode().put("compatibilityLevel", registry.compatibility(subject).name()));
                    case "PUT" -> setCompatibility(subject, body);
                    default -> methodNotAllowed();
                };
            }
        }
        if (top.equals("compatibility") && n >= 5 && path[2].equals("subjects") && path[4].equals("versions")) {
            if (!"POST".equals(method)) {
                return methodNotAllowed();
            }
            String subject = decode(path[3]);
            Integer version = n == 6 ? version(subject, path[5]).version() : null;
            Candidate candidate = candidate(body);
            List<String> problems = registry.incompatibilities(subject, candidate.text(), candidate.references(), version);
            ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            problems.forEach(answer.putArray("messages")::add);
            return ok(answer);
        }
        if (top.equals("mode") && n <= 3 && "GET".equals(method)) {
            return ok(JSON.createObjectNode().put("mode", "READWRITE"));
        }
        if (top.equals("schemas") && n == 3 && path[2].equals("types") && "GET".equals(method)) {
            return ok(List.of("AVRO"));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    /** A schema in a request body: its text and references. */
    private record Candidate(String text, List<Reference> references) {
    }

    /** Reads {@code {"schema": ..., "schemaType": ..., "references": [...]}}; any problem is a 422 with 42201. */
    private static Candidate candidate(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Unrecognized request body: " + e.getOriginalMessage(), 400, 400);
        }
        if (request == null || !request.isObject()) {
            throw new SchemaRegistryException("Unrecognized request body: not a JSON object", 400, 400);
        }
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException("Invalid schema: only AVRO is supported here, not " + type.asText(), 422, 42201);
        }
        JsonNode text = request.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Invalid schema: no \"schema\" string in the request", 422, 42201);
        }
        List<Reference> references = new ArrayList<>();
        JsonNode refs = request.get("references");
        if (refs != null && refs.isArray()) {
            for (JsonNode ref : refs) {
                if (!ref.path("name").isTextual() || !ref.path("subject").isTextual() || !ref.path("version").canConvertToInt()) {
                    throw new SchemaRegistryException("Invalid schema: a reference needs a name, subject and version: " + ref,
                            422, 42201);
                }
                references.add(new Reference(ref.get("name").asText(), ref.get("subject").asText(), ref.get("version").asInt()));
            }
        }
        return new Candidate(text.asText(), references);
    }

    private Response register(String subject, String body) throws JsonProcessingException {
        Candidate candidate = candidate(body);
        return ok(Map.of("id", registry.register(subject, candidate.text(), candidate.references())));
    }

    private Response lookup(String subject, String body) throws JsonProcessingException {
        Candidate candidate = candidate(body);
        SubjectVersion found = registry.lookup(subject, candidate.text(), candidate.references());
        return ok(versionJson(found));
    }

    private Response setCompatibility(String subject, String body) throws JsonProcessingException {
        JsonNode level;
        try {
            level = JSON.readTree(body).get("compatibility");
        } catch (JsonProcessingException | NullPointerException e) {
            throw new SchemaRegistryException("Unrecognized request body", 400, 400);
        }
        try {
            registry.setCompatibility(subject, Compatibility.valueOf(level.asText()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException("Invalid compatibility level", 422, 42203);
        }
        return ok(JSON.createObjectNode().put("compatibility", level.asText()));
    }

    private List<Integer> versionNumbers(String subject) {
        int latest = registry.latest(subject).version();
        return IntStream.rangeClosed(1, latest).boxed().toList();
    }

    /** Version {@code text} of {@code subject}: a number, {@code latest} or {@code -1}; 42202 if neither. */
    private SubjectVersion version(String subject, String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return registry.latest(subject);
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("The specified version '" + text + "' is not a valid version id.", 422, 42202);
        }
        registry.latest(subject); // 40401 for an unknown subject before 40402 for an unknown version
        return registry.version(subject, version);
    }

    private ObjectNode versionJson(SubjectVersion version) {
        Stored stored = registry.stored(version.id());
        ObjectNode answer = JSON.createObjectNode().put("subject", version.subject()).put("version", version.version())
                .put("id", version.id()).put("schema", stored.text());
        addReferences(answer, stored.references());
        return answer;
    }

    private static void addReferences(ObjectNode answer, List<Reference> references) {
        // Confluent leaves the field out for a schema without references.
        if (!references.isEmpty()) {
            ArrayNode array = answer.putArray("references");
            references.forEach(r -> array.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
        }
    }

    private Stored schemaById(String idText) {
        try {
            return registry.stored(Integer.parseInt(idText));
        } catch (NumberFormatException | SchemaRegistryException e) {
            throw new SchemaRegistryException("Schema not found", 404, 40403);
        }
    }

    private static Response ok(Object body) throws JsonProcessingException {
        return new Response(200, JSON.writeValueAsString(body));
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
