package io.flagstream.config;

import java.time.Duration;

/**
 * The settings every detector has, declared once: {@code enabled}, {@code window} (its default is the
 * detector's) and {@code grace}, whose default is the shared {@code flagstream.detectors.grace}.
 */
public final class CommonSettings {
    public static final String SHARED_GRACE_KEY = "flagstream.detectors.grace";
    static final Setting<Duration> SHARED_GRACE = Setting.nonNegativeDuration(SHARED_GRACE_KEY, Duration.ofDays(1),
            "default grace of every detector");

    static final Setting<Boolean> ENABLED = Setting.bool("enabled", true, "whether the detector runs");

    /** Its default is read from the shared setting, so one key moves every detector's grace. */
    static final Setting<Duration> GRACE = Setting.of("grace", "duration", SHARED_GRACE_KEY, ">= 0",
            "how late an event may arrive (event time) and still be counted",
            (raw, key) -> raw.nonNegativeDuration(key, SHARED_GRACE.read(raw, SHARED_GRACE_KEY)));

    private CommonSettings() {
    }

    static Setting<Duration> window(Duration defaultValue) {
        return Setting.positiveDuration("window", defaultValue, "the span the rule counts in");
    }
}
