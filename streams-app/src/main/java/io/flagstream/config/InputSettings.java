package io.flagstream.config;

import java.time.Duration;

/**
 * Input validation.
 *
 * @param maxClockSkew how far in the future (wall clock) an event's timestamp may be before it is dead-lettered;
 *                     keep it at or below the broker's {@code log.message.timestamp.after.max.ms}
 */
public record InputSettings(Duration maxClockSkew) {
}
