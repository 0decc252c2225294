package io.flagstream.bench;

import java.time.Duration;

/** A phase did not finish within its bound. */
final class PhaseTimeoutException extends RuntimeException {
    PhaseTimeoutException(String phase, Duration bound, String state) {
        super("Phase '" + phase + "' did not finish within " + bound.toSeconds() + " s (" + state
                + "). Raise --phase-timeout, use fewer --events, or check the machine's load.");
    }
}
