package io.flagstream.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

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
    static final Setting<Duration> MAX_CLOCK_SKEW = Setting.nonNegativeDuration("flagstream.input.max-clock-skew",
            Duration.ofHours(1), "how far in the future (wall clock) an event's timestamp may be before it is dead-lettered");
    static final Setting<Duration> MAX_EVENT_AGE = Setting.positiveDuration("flagstream.input.max-event-age",
            Duration.ofDays(730), "how far before the wall clock an event's timestamp may be");
    static final Setting<Integer> MAX_STRING_LENGTH = Setting.intAtLeast("flagstream.input.max-string-length", 1024, 16,
            "the longest string field (any depth) an event may carry");
    static final Setting<Long> MAX_AMOUNT = Setting.longAtLeast("flagstream.input.max-amount", 1_000_000_000L, 1,
            "the largest payout amount, in major units");

    static final List<Setting<?>> SETTINGS = List.of(MAX_CLOCK_SKEW, MAX_EVENT_AGE, MAX_STRING_LENGTH, MAX_AMOUNT);

    static InputSettings read(RawConfig raw) {
        return new InputSettings(MAX_CLOCK_SKEW.read(raw), MAX_EVENT_AGE.read(raw), MAX_STRING_LENGTH.read(raw),
                new BigDecimal(MAX_AMOUNT.read(raw)));
    }
}
