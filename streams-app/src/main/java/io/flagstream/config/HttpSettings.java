package io.flagstream.config;

/**
 * The app's own HTTP endpoint: /health, /ready, /metrics and /accounts/{id}/risk. Port 0 picks a free port;
 * -1 turns it off. {@code advertisedHost} (null when unset) is the host other instances reach this one on:
 * with it, the app sets Kafka Streams' {@code application.server} to {@code host:port}, so a risk query for
 * an account another instance owns is forwarded there.
 */
public record HttpSettings(int port, String advertisedHost) {
    public HttpSettings(int port) {
        this(port, null);
    }

    public boolean enabled() {
        return port >= 0;
    }

    /** {@code host:port} for {@code application.server}, or null. */
    public String applicationServer() {
        return advertisedHost == null || advertisedHost.isBlank() ? null : advertisedHost + ":" + port;
    }
}
