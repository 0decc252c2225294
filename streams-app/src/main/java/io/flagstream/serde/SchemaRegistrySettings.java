package io.flagstream.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How to reach the schema registry. Immutable; {@link #validate()} checks it and names the offending
 * setting, using the Confluent client's property names so operators recognise them.
 *
 * @param url                 {@value #URL}: {@code mock://<scope>} for an in-memory registry, or one or
 *                            more comma-separated {@code http(s)://} base URLs tried in turn
 * @param basicAuthUserInfo   {@value #BASIC_AUTH_USER_INFO}: {@code user:password} (a Confluent Cloud
 *                            API key and secret), or null for no authentication
 * @param trustStore          {@value #TRUSTSTORE_LOCATION}, or null for the JVM's default trust
 * @param trustStorePassword  {@value #TRUSTSTORE_PASSWORD}, may be null
 * @param trustStoreType      {@value #TRUSTSTORE_TYPE}, null meaning {@value #DEFAULT_STORE_TYPE}
 * @param keyStore            {@value #KEYSTORE_LOCATION}: client certificate for mutual TLS, or null
 * @param keyStorePassword    {@value #KEYSTORE_PASSWORD}, required with a key store
 * @param keyStoreType        {@value #KEYSTORE_TYPE}, null meaning {@value #DEFAULT_STORE_TYPE}
 * @param timeout             {@value #TIMEOUT}: bound on connecting and on each request
 * @param retries             {@value #RETRIES}: how often a call that got no answer (or a 5xx) is tried again
 * @param retryBackoff        {@value #RETRY_BACKOFF}: the wait before the first retry, doubled for each next one
 * @param missingCacheTtl     {@value #MISSING_CACHE_TTL}: how long "schema id not found" is remembered, so a
 *                            topic full of records naming an unknown id costs one request, not one per record
 * @param subjectNameStrategy {@value #VALUE_SUBJECT_NAME_STRATEGY}: subjects of the schemas the app writes
 * @param autoRegisterSchemas {@value #AUTO_REGISTER_SCHEMAS}: false for a locked-down registry, where the app
 *                            only looks its schemas up and fails clearly if they are not registered
 * @param useLatestVersion    {@value #USE_LATEST_VERSION}: write with the subject's latest version (which must
 *                            be the app's schema), e.g. when the registry normalises schemas
 * @param outageMaxPause      {@value #OUTAGE_MAX_PAUSE}: how long input decoding waits for an unreachable registry
 *                            (the record kept, the stream paused) before the app stops rather than be fenced
 */
public record SchemaRegistrySettings(
        String url,
        String basicAuthUserInfo,
        Path trustStore,
        String trustStorePassword,
        String trustStoreType,
        Path keyStore,
        String keyStorePassword,
        String keyStoreType,
        Duration timeout,
        int retries,
        Duration retryBackoff,
        Duration missingCacheTtl,
        SubjectNameStrategy subjectNameStrategy,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        Duration outageMaxPause) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String TIMEOUT = "schema.registry.timeout";
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF = "schema.registry.retry.backoff";
    public static final String MISSING_CACHE_TTL = "schema.registry.missing.cache.ttl";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String OUTAGE_MAX_PAUSE = "schema.registry.outage.max.pause";

    public static final String MOCK_SCHEME = "mock://";
    public static final String DEFAULT_STORE_TYPE = "PKCS12";
    /**
     * A registry call blocks a stream thread, and only the first record of a topic or writer schema
     * makes one; ten seconds rides out a slow registry but fails well inside
     * {@code max.poll.interval.ms} (5 minutes) when it is down.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** A restarting registry or a load balancer switching over answers within a second or two. */
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    /** Long enough to spare the registry a request per bad record, short enough to see a late registration. */
    public static final Duration DEFAULT_MISSING_CACHE_TTL = Duration.ofSeconds(60);
    /**
     * Under {@code max.poll.interval.ms} (5 minutes), with room for the last attempt (up to {@code 1 + retries}
     * rounds of {@code timeout} each, 40 s by default): a longer pause would get the member fenced out of its group.
     */
    public static final Duration DEFAULT_OUTAGE_MAX_PAUSE = Duration.ofMinutes(4);

    /** The settings of the original nine components; the rest take their defaults. */
    public SchemaRegistrySettings(String url, String basicAuthUserInfo, Path trustStore, String trustStorePassword,
                                  String trustStoreType, Path keyStore, String keyStorePassword, String keyStoreType,
                                  Duration timeout) {
        this(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, keyStore, keyStorePassword,
                keyStoreType, timeout, DEFAULT_RETRIES, DEFAULT_RETRY_BACKOFF, DEFAULT_MISSING_CACHE_TTL,
                SubjectNameStrategy.TOPIC_NAME, true, false, DEFAULT_OUTAGE_MAX_PAUSE);
    }

    /** Settings for {@code url} with no authentication, the JVM's default TLS trust and the default timeout. */
    public static SchemaRegistrySettings forUrl(String url) {
        return new SchemaRegistrySettings(url, null, null, null, null, null, null, null, DEFAULT_TIMEOUT);
    }

    /** These settings with {@code retries} and {@code retryBackoff}. */
    public SchemaRegistrySettings withRetries(int retries, Duration retryBackoff) {
        return new SchemaRegistrySettings(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, keyStore,
                keyStorePassword, keyStoreType, timeout, retries, retryBackoff, missingCacheTtl, subjectNameStrategy,
                autoRegisterSchemas, useLatestVersion, outageMaxPause);
    }

    /** These settings with the given {@code timeout} and {@code missingCacheTtl}. */
    public SchemaRegistrySettings withTimeouts(Duration timeout, Duration missingCacheTtl) {
        return new SchemaRegistrySettings(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, keyStore,
                keyStorePassword, keyStoreType, timeout, retries, retryBackoff, missingCacheTtl, subjectNameStrategy,
                autoRegisterSchemas, useLatestVersion, outageMaxPause);
    }

    /** These settings with the given {@code outageMaxPause}. */
    public SchemaRegistrySettings withOutageMaxPause(Duration outageMaxPause) {
        return new SchemaRegistrySettings(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, keyStore,
                keyStorePassword, keyStoreType, timeout, retries, retryBackoff, missingCacheTtl, subjectNameStrategy,
                autoRegisterSchemas, useLatestVersion, outageMaxPause);
    }

    /** These settings with the given subject name strategy and registration options. */
    public SchemaRegistrySettings withWriting(SubjectNameStrategy strategy, boolean autoRegister, boolean useLatest) {
        return new SchemaRegistrySettings(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, keyStore,
                keyStorePassword, keyStoreType, timeout, retries, retryBackoff, missingCacheTtl, strategy,
                autoRegister, useLatest, outageMaxPause);
    }

    /**
     * Checks these settings.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException naming the first bad setting and why it is bad
     */
    public SchemaRegistrySettings validate() {
        if (url == null || url.isBlank()) {
            throw invalid(URL, "is required (mock://<scope> or http(s)://host:port)");
        }
        if (subjectNameStrategy == null) {
            throw invalid(VALUE_SUBJECT_NAME_STRATEGY, "is required");
        }
        if (outageMaxPause == null || outageMaxPause.isNegative()) {
            throw invalid(OUTAGE_MAX_PAUSE, "must not be negative, not " + outageMaxPause);
        }
        if (isMock()) {
            if (url.contains(",")) {
                throw invalid(URL, "may name only one mock:// scope, not '" + url + "'");
            }
            if (mockScope().isBlank()) {
                throw invalid(URL, "needs a scope name after mock://");
            }
            // Authentication, TLS and timeouts do not apply to an in-memory registry: ignore them.
            return this;
        }
        for (URI base : baseUrls()) {
            boolean tls = "https".equals(base.getScheme());
            if ((trustStore != null || keyStore != null) && !tls) {
                // TLS was meant but would not be used: credentials and schemas would travel in clear.
                throw invalid(URL, "must use https:// when a trust store or key store is set, not '" + base + "'");
            }
        }
        if (basicAuthUserInfo != null && basicAuthUserInfo.indexOf(':') < 1) {
            throw invalid(BASIC_AUTH_USER_INFO, "must have the form user:password");
        }
        checkStore(trustStore, TRUSTSTORE_LOCATION, trustStoreType, TRUSTSTORE_TYPE);
        checkStore(keyStore, KEYSTORE_LOCATION, keyStoreType, KEYSTORE_TYPE);
        if (keyStore != null && keyStorePassword == null) {
            throw invalid(KEYSTORE_PASSWORD, "is required with " + KEYSTORE_LOCATION + " (it protects the private key)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw invalid(TIMEOUT, "must be a positive duration, not " + timeout);
        }
        if (retries < 0) {
            throw invalid(RETRIES, "must be 0 or more, not " + retries);
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw invalid(RETRY_BACKOFF, "must not be negative, not " + retryBackoff);
        }
        if (missingCacheTtl == null || missingCacheTtl.isNegative()) {
            throw invalid(MISSING_CACHE_TTL, "must not be negative, not " + missingCacheTtl);
        }
        return this;
    }

    /** True for a {@code mock://<scope>} URL. */
    boolean isMock() {
        return url != null && url.startsWith(MOCK_SCHEME);
    }

    /** The scope of a {@code mock://<scope>} URL. */
    String mockScope() {
        return url.substring(MOCK_SCHEME.length());
    }

    /** The {@code http(s)://} base URLs, in the order they are tried, without trailing slashes. */
    List<URI> baseUrls() {
        return Arrays.stream(url.split(",")).map(String::strip).map(SchemaRegistrySettings::baseUrl).toList();
    }

    /** The trust store type to use, applying the default. */
    String effectiveTrustStoreType() {
        return trustStoreType == null ? DEFAULT_STORE_TYPE : trustStoreType;
    }

    /** The key store type to use, applying the default. */
    String effectiveKeyStoreType() {
        return keyStoreType == null ? DEFAULT_STORE_TYPE : keyStoreType;
    }

    /** Masks the credentials: settings end up in start-up logs. */
    @Override
    public String toString() {
        return "SchemaRegistrySettings[url=" + url
                + ", basicAuthUserInfo=" + (basicAuthUserInfo == null ? null : userOf(basicAuthUserInfo) + ":****")
                + ", trustStore=" + trustStore + ", trustStorePassword=" + mask(trustStorePassword)
                + ", trustStoreType=" + trustStoreType
                + ", keyStore=" + keyStore + ", keyStorePassword=" + mask(keyStorePassword)
                + ", keyStoreType=" + keyStoreType + ", timeout=" + timeout + ", retries=" + retries
                + ", retryBackoff=" + retryBackoff + ", missingCacheTtl=" + missingCacheTtl
                + ", subjectNameStrategy=" + subjectNameStrategy + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", useLatestVersion=" + useLatestVersion + ", outageMaxPause=" + outageMaxPause + "]";
    }

    private static URI baseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw invalid(URL, "has a malformed URL '" + text + "': " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw invalid(URL, "must be mock://<scope> or http(s)://host[:port][,...], not '" + text + "'");
        }
        return uri;
    }

    private static void checkStore(Path location, String locationSetting, String type, String typeSetting) {
        if (location != null && !Files.isReadable(location)) {
            throw invalid(locationSetting, "names no readable file: " + location);
        }
        if (type != null) {
            try {
                KeyStore.getInstance(type);
            } catch (KeyStoreException e) {
                throw invalid(typeSetting, "names an unknown key store type '" + type + "' (use PKCS12 or JKS)");
            }
        }
    }

    private static String userOf(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? "****" : userInfo.substring(0, colon);
    }

    private static String mask(String secret) {
        return secret == null ? null : "****";
    }

    private static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException(setting + " " + problem);
    }
}
