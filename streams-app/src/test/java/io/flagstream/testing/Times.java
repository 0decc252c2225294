package io.flagstream.testing;

import java.time.Duration;
import java.time.Instant;

/** Named instants for tests: never Instant.now(). */
public final class Times {
    /** A Monday, 09:00 UTC. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** The wall clock of the app under test: well after every event a test sends (events may not be in the future). */
    public static final Instant NOW = T0.plus(Duration.ofDays(400));

    private Times() {
    }
}
