package io.flagstream.config;

import java.nio.file.Path;

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
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

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
