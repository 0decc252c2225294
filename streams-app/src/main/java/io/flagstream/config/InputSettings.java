package io.flagstream.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Input validation.
 *
 * @param maxClockSkew how far in the future (wall clock) an event's timestamp may be before it is dead-lettered;
 *                     keep it at or below the broker's {@code log.message.timestamp.after.max.ms}
 * @param maxEventAge     how far before the wall clock an event's timestamp may be; keep it above the longest
 *                        lookback of the detectors and below the changelogs' time-based retention
 * @param maxStringLength the longest string field (any depth) an event may carry
 * @param maxAmount       the largest payout amount, in major units
 */
public record InputSettings(Duration maxClockSkew, Duration maxEventAge, int maxStringLength, BigDecimal maxAmount) {
}
