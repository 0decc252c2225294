package io.flagstream.config;

import java.time.Duration;

/**
 * What every detector has: an on/off switch, the window it counts in and how late an event may arrive
 * (event time) and still be counted.
 */
public record DetectorSettings(boolean enabled, Duration window, Duration grace) {
}
