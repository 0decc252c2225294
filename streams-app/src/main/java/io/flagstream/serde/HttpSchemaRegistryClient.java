package io.flagstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * A client for the subset of the Confluent Schema Registry REST API that the serdes use:
 * {@code POST /subjects/{subject}/versions} (register), {@code POST /subjects/{subject}} (look up),
 * {@code GET /subjects/{subject}/versions/{version}} and {@code GET /schemas/ids/{id}}, whose {@code references}
 * (a schema naming types registered under other subjects) are fetched and resolved recursively.
 *
 * <p>Answers are cached for the life of the client (ids, subject versions and the schemas behind them never
 * change in a registry), so after warm-up no call makes an HTTP request. "Not found" answers for an id are
 * cached for {@link SchemaRegistrySettings#missingCacheTtl()}, so a topic full of records naming an unknown id
 * asks once, not once per record.
 *
 * <p>Failures are told apart, because they call for opposite handling of the record: "not found" (HTTP 404,
 * error codes 404xx) is the record's fault; no answer, a timeout, HTTP 5xx/408/429 is the registry's and is
 * {@linkplain SchemaRegistryException#isTransient() transient}. A transient failure is retried on the next base
 * URL, then after a back-off ({@link SchemaRegistrySettings#retryBackoff()}, doubling) up to
 * {@link SchemaRegistrySettings#retries()} more rounds; every request is bounded by
 * {@link SchemaRegistrySettings#timeout()}. Retrying a registration is safe because it is idempotent.
 *
 * <p>Thread-safe: {@link HttpClient} is, and the caches are concurrent maps. Two threads missing the
 * cache at once may both ask the registry; both get the same answer.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** The media type Confluent's own client sends and the registry documents. */
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of an unexpected (non-JSON) error body to recognise it, e.g. a proxy's HTML page. */
    private static final int MAX_BODY_IN_MESSAGE = 200;
    /** The longest wait between two retry rounds, however many retries are configured. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** References deeper than this are a cycle or a mistake, not a schema. */
    private static final int MAX_REFERENCE_DEPTH = 32;

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration timeout;
    private final int retries;
    private final Duration retryBackoff;
    private final long missingCacheTtlNanos;
    private final LongSupplier nanoTime;
    /** The {@code Authorization} header value, or null without basic auth. */
    private final String authorization;

    /** Per subject: schema text → id. Keyed by text, as the registry is, not by {@link Schema#equals}. */
    private final ConcurrentMap<String, ConcurrentMap<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** {@code subject/version} → the registry's answer for it: what a reference names. */
    private final ConcurrentMap<String, JsonNode> referencedVersions = new ConcurrentHashMap<>();
    /** Ids the registry said it does not have, until when (System.nanoTime) to believe it. */
    private final ConcurrentMap<Integer, Missing> missingIds = new ConcurrentHashMap<>();

    private record Missing(SchemaRegistryException answer, long untilNanos) {
    }

    /**
     * @throws IllegalArgumentException if the settings are invalid, are a {@code mock://} URL, or a
     *                                  trust or key store cannot be loaded (the message names the setting)
     */
    public HttpSchemaRegistryClient(SchemaRegistrySettings settings) {
        this(settings, System::nanoTime);
    }

    /** @param nanoTime the clock of the missing-id cache ({@link System#nanoTime()} but in tests) */
    HttpSchemaRegistryClient(SchemaRegistrySettings settings, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        settings.validate();
        if (settings.isMock()) {
            throw new IllegalArgumentException(SchemaRegistrySettings.URL + " is a mock:// URL, which has no HTTP"
                    + " registry behind it; use SchemaRegistryClients.create");
        }
        this.baseUrls = settings.baseUrls();
        this.timeout = settings.timeout();
        this.retries = settings.retries();
        this.retryBackoff = settings.retryBackoff();
        this.missingCacheTtlNanos = settings.missingCacheTtl().toNanos();
        this.authorization = settings.basicAuthUserInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        // HTTP/1.1, as Confluent's own client speaks: the JDK's default adds an h2c upgrade to every plain-http
        // request, which some proxies in front of registries mishandle.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (settings.trustStore() != null || settings.keyStore() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idFor(subject, schema, "POST", "/subjects/" + encodePathSegment(subject) + "/versions");
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return idFor(subject, schema, "POST", "/subjects/" + encodePathSegment(subject));
    }

    @Override
    public SubjectVersion latest(String subject) {
        // Not cached: "latest" moves when a new version is registered.
        String path = "/subjects/" + encodePathSegment(subject) + "/versions/latest";
        JsonNode answer = send("GET", path, null);
        JsonNode id = answer.get("id");
        JsonNode version = answer.get("version");
        if (id == null || !id.canConvertToInt() || version == null || !version.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry answered GET " + path + " without an id and version: " + answer);
        }
        Schema schema = schemasById.get(id.intValue());
        if (schema == null) {
            schema = parse(answer, "subject " + subject + " version " + version.intValue());
            Schema raced = schemasById.putIfAbsent(id.intValue(), schema);
            schema = raced == null ? schema : raced;
        }
        return new SubjectVersion(subject, version.intValue(), id.intValue(), schema);
    }

    /** Registers or looks up: both answer with the schema's id and cache it. */
    private int idFor(String subject, Schema schema, String method, String path) {
        String text = schema.toString();
        ConcurrentMap<String, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(method, path, json(Map.of("schema", text)));
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry answered " + method + " " + path + " without an id: " + answer);
        }
        ids.put(text, id.intValue());
        // The id stands for this schema (or one the registry deems the same): reading our own records needs no fetch.
        schemasById.putIfAbsent(id.intValue(), schema);
        return id.intValue();
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Missing missing = missingIds.get(id);
        if (missing != null && nanoTime.getAsLong() - missing.untilNanos() < 0) {
            throw new SchemaRegistryException(missing.answer().getMessage() + " (remembered)",
                    missing.answer().httpStatus().orElse(0), missing.answer().errorCode().orElse(0));
        }
        try {
            Schema schema = parse(send("GET", "/schemas/ids/" + id, null), "schema id " + id);
            Schema raced = schemasById.putIfAbsent(id, schema);
            missingIds.remove(id);
            return raced == null ? schema : raced;
        } catch (SchemaRegistryException e) {
            if (e.isNotFound() && missingCacheTtlNanos > 0) {
                missingIds.put(id, new Missing(e, nanoTime.getAsLong() + missingCacheTtlNanos));
            }
            throw e;
        }
    }

    /** Parses a registry answer ({@code schema}, {@code schemaType}, {@code references}) into a schema. */
    private Schema parse(JsonNode answer, String what) {
        JsonNode type = answer.get("schemaType");
        if (type != null && !"AVRO".equals(type.asText())) {
            // Registries also hold Protobuf and JSON Schema; such an id in an Avro topic is a producer mistake.
            throw new SchemaRegistryException(what + " is a " + type.asText() + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry answered for " + what + " without a schema: " + answer);
        }
        // One parser for the referenced schemas and then this one, so that their named types are known here.
        Schema.Parser parser = new Schema.Parser();
        defineReferences(parser, answer.get("references"), new HashSet<>(), 0, what);
        try {
            return parser.parse(text.asText());
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException("Schema registry returned an unusable Avro schema for " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /** Defines every type {@code references} names in {@code parser}, theirs first (depth first), once each. */
    private void defineReferences(Schema.Parser parser, JsonNode references, Set<String> defined, int depth, String what) {
        if (references == null || !references.isArray() || references.isEmpty()) {
            return;
        }
        if (depth > MAX_REFERENCE_DEPTH) {
            throw new SchemaRegistryException("The references of " + what + " nest deeper than " + MAX_REFERENCE_DEPTH);
        }
        for (JsonNode reference : references) {
            JsonNode subject = reference.get("subject");
            JsonNode version = reference.get("version");
            if (subject == null || !subject.isTextual() || version == null || !version.canConvertToInt()) {
                throw new SchemaRegistryException("A reference of " + what + " lacks a subject and version: " + reference);
            }
            String key = subject.asText() + "/" + version.intValue();
            if (!defined.add(key)) {
                continue;
            }
            JsonNode referenced = referencedVersions.get(key);
            if (referenced == null) {
                referenced = send("GET", "/subjects/" + encodePathSegment(subject.asText()) + "/versions/" + version.intValue(), null);
                referencedVersions.putIfAbsent(key, referenced);
            }
            String referencedWhat = "subject " + subject.asText() + " version " + version.intValue() + " (referenced by " + what + ")";
            defineReferences(parser, referenced.get("references"), defined, depth + 1, referencedWhat);
            JsonNode text = referenced.get("schema");
            if (text == null || !text.isTextual()) {
                throw new SchemaRegistryException("Schema registry answered for " + referencedWhat + " without a schema");
            }
            try {
                parser.parse(text.asText());
            } catch (AvroRuntimeException e) {
                throw new SchemaRegistryException("Schema registry returned an unusable Avro schema for " + referencedWhat
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sends the request to each base URL in turn until one answers other than transiently, in up to
     * {@code 1 + retries} rounds with a doubling back-off between them; throws unless the answer is 2xx JSON.
     */
    private JsonNode send(String method, String path, String body) {
        SchemaRegistryException last = null;
        Duration backoff = retryBackoff;
        for (int round = 0; round <= retries; round++) {
            if (round > 0) {
                sleep(backoff, method, path);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            for (URI base : baseUrls) {
                try {
                    return answer(base, method, path, http.send(request(base, method, path, body),
                            HttpResponse.BodyHandlers.ofString()));
                } catch (IOException e) {
                    // Refused, timed out or failed TLS: this instance is unusable now, try the next one.
                    last = keep(last, SchemaRegistryException.unavailable(
                            "No schema registry answered " + method + " " + path + " (tried " + baseUrls + ")", e));
                } catch (SchemaRegistryException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    last = keep(last, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SchemaRegistryException.unavailable("Interrupted while calling " + method + " " + base + path, e);
                }
            }
        }
        throw last;
    }

    /** The first failure is the one reported; later ones ride along as suppressed. */
    private static SchemaRegistryException keep(SchemaRegistryException first, SchemaRegistryException next) {
        if (first == null) {
            return next;
        }
        if (first.getSuppressed().length < 8) {
            first.addSuppressed(next);
        }
        return first;
    }

    private static void sleep(Duration backoff, String method, String path) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SchemaRegistryException.unavailable("Interrupted while waiting to retry " + method + " " + path, e);
        }
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            // Sent up front, as Confluent's client does: the registry answers 401 rather than challenging.
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static JsonNode answer(URI base, String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw refusal(base, method, path, status, response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            // Most likely a proxy's page in front of a registry that is not there: treat as no answer.
            throw SchemaRegistryException.unavailable("Schema registry " + base + " answered " + method + " " + path
                    + " with something other than JSON: " + abbreviate(response.body()), e);
        }
    }

    /** Turns a non-2xx answer into an exception carrying Confluent's {@code error_code}/{@code message} if present. */
    private static SchemaRegistryException refusal(URI base, String method, String path, int status, String body) {
        int errorCode = 0;
        String detail = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("error_code") && error.has("message")) {
                errorCode = error.get("error_code").asInt();
                detail = "error_code " + errorCode + ": " + error.get("message").asText();
            }
        } catch (JsonProcessingException notJson) {
            // Not from the registry itself (e.g. a load balancer's HTML page): keep the raw body as the detail.
        }
        String hint = status == 401 || status == 403 ? " (check " + SchemaRegistrySettings.BASIC_AUTH_USER_INFO + ")" : "";
        return new SchemaRegistryException("Schema registry " + base + " refused " + method + " " + path
                + ": HTTP " + status + (detail.isEmpty() ? "" : ", " + detail) + hint, status, errorCode);
    }

    /** Percent-encodes a subject for a path segment: {@code URLEncoder} is for forms and writes spaces as '+'. */
    private static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot happen: a map of strings is always JSON", e);
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }

    private static SSLContext sslContext(SchemaRegistrySettings settings) {
        try {
            TrustManager[] trust = null;
            if (settings.trustStore() != null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(settings.trustStore(), settings.trustStorePassword(),
                        settings.effectiveTrustStoreType(), SchemaRegistrySettings.TRUSTSTORE_LOCATION));
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (settings.keyStore() != null) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(load(settings.keyStore(), settings.keyStorePassword(),
                        settings.effectiveKeyStoreType(), SchemaRegistrySettings.KEYSTORE_LOCATION),
                        settings.keyStorePassword().toCharArray());
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            // A null array means the JDK default for that half (e.g. the default trust with only a key store).
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry from "
                    + SchemaRegistrySettings.TRUSTSTORE_LOCATION + "/" + SchemaRegistrySettings.KEYSTORE_LOCATION
                    + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path location, String password, String type, String setting)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            // Mostly a wrong password or a wrong type; the JDK's message says which.
            throw new IllegalArgumentException(setting + " " + location + " cannot be loaded as " + type
                    + ": " + e.getMessage(), e);
        }
        return store;
    }
}
