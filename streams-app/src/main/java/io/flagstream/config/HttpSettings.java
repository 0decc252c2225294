package io.flagstream.config;

/** The app's own HTTP endpoint: /health, /ready, /metrics. Port 0 picks a free port; -1 turns it off. */
public record HttpSettings(int port) {
    public boolean enabled() {
        return port >= 0;
    }
}
