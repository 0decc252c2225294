package io.flagstream.testing;

import java.time.Instant;

/** Named instants for tests: never Instant.now(). */
public final class Times {
    /** A Monday, 09:00 UTC. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Times() {
    }
}
