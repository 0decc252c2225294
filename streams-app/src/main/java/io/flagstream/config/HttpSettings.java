package io.flagstream.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The app's two HTTP listeners, both on {@code bindAddress} (default 127.0.0.1: nothing is exposed unless the
 * deployment says so). The operator port ({@code port}) serves /health, /ready and /metrics, without
 * authentication, because probes and scrapers carry none and these routes reveal no account data. The data
 * API ({@code api}) serves /accounts/{id}/risk on its own port, thread pool and optionally TLS, behind bearer
 * tokens, so a slow or hostile client of the data API cannot starve the probes. Port 0 picks a free port;
 * -1 turns a listener off. {@code advertisedHost} (null when unset) is the host other instances reach this
 * one's data API on: with it, the app sets Kafka Streams' {@code application.server} to
 * {@code host:apiPort}, so a risk query for an account another instance owns is forwarded there.
 */
public record HttpSettings(String bindAddress, int port, String advertisedHost, Api api) {
    static final Setting<String> BIND_ADDRESS = Setting.of("flagstream.http.bind-address", "address", "127.0.0.1",
            "an address of this host", "address both listeners bind to", (raw, key) -> {
                String bind = raw.stringSetting(key, "127.0.0.1");
                try {
                    InetAddress.getByName(bind);
                } catch (UnknownHostException e) {
                    throw new ConfigException(key, "is no address of this host: '" + bind + "'");
                }
                return bind;
            });
    static final Setting<Integer> PORT = Setting.intAtLeast("flagstream.http.port", 8080, -1,
            "operator port (/health, /ready, /metrics); 0: a free port, -1: off");
    static final Setting<String> ADVERTISED_HOST = Setting.string("flagstream.http.advertised-host", null,
            "host other instances reach this one's data API on (needs a fixed `flagstream.http.api.port`)");
    static final Setting<Integer> API_PORT = Setting.intAtLeast("flagstream.http.api.port", -1, -1,
            "data API port; 0: a free port, -1: off");
    static final Setting<Integer> API_THREADS = Setting.intAtLeast("flagstream.http.api.threads", 4, 1,
            "threads serving the data API");
    static final Setting<Boolean> API_SHOW_SHARED_VALUES = Setting.bool("flagstream.http.api.show-shared-values", false,
            "whether a cluster's links show the shared IP, instrument or device (personal data) besides its kind");
    /** Its lines, blank lines and {@code #} comments left out. */
    static final Setting<List<String>> API_TOKENS_FILE = Setting.of("flagstream.http.api.tokens-file", "file", Setting.NONE,
            "readable", "file of `client:token` lines (`#` comments)", (raw, key) -> {
                String file = raw.stringSetting(key, null);
                if (file == null) {
                    return List.of();
                }
                try {
                    return Files.readAllLines(Path.of(file)).stream()
                            .filter(line -> !line.isBlank() && !line.strip().startsWith("#")).map(String::strip).toList();
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(key, "cannot be read: " + e.getMessage());
                }
            });
    static final Setting<List<String>> API_TOKENS = Setting.list("flagstream.http.api.tokens", List.of(),
            "`client:token` entries (secret)");
    static final Setting<String> API_TLS_KEYSTORE_LOCATION = Setting.string("flagstream.http.api.tls.keystore.location",
            null, "key store (certificate and key) for HTTPS on the data API; none: plain HTTP");
    static final Setting<String> API_TLS_KEYSTORE_PASSWORD = Setting.string("flagstream.http.api.tls.keystore.password",
            null, "its password (secret)");
    static final Setting<String> API_TLS_KEYSTORE_TYPE = Setting.string("flagstream.http.api.tls.keystore.type", "PKCS12",
            "its type");

    static final List<Setting<?>> SETTINGS = List.of(BIND_ADDRESS, PORT, ADVERTISED_HOST, API_PORT, API_THREADS,
            API_SHOW_SHARED_VALUES, API_TOKENS_FILE, API_TOKENS, API_TLS_KEYSTORE_LOCATION, API_TLS_KEYSTORE_PASSWORD,
            API_TLS_KEYSTORE_TYPE);

    /**
     * The data API. {@code tls} null: plain HTTP. {@code showSharedValues}: whether a cluster's links carry the
     * shared IP, instrument or device itself (off by default: the linked account ids and the kind of link are
     * enough to triage, the values are personal data).
     */
    public record Api(int port, int threads, ApiTokens tokens, Tls tls, boolean showSharedValues) {
        public boolean enabled() {
            return port >= 0;
        }

        public String scheme() {
            return tls == null ? "http" : "https";
        }
    }

    /** A key store (the server's certificate and key) for HTTPS on the data API. */
    public record Tls(Path keyStore, String password, String type) {
        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", type=" + type + "]";
        }
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** {@code host:apiPort} for {@code application.server}, or null. */
    public String applicationServer() {
        return advertisedHost == null || advertisedHost.isBlank() || !api.enabled() ? null : advertisedHost + ":" + api.port();
    }
}
