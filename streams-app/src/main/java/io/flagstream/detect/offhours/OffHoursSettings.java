package io.flagstream.detect.offhours;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/** A13: at least {@code minOffHoursShare} of at least {@code minEvents} events outside business hours within the window. */
public record OffHoursSettings(DetectorSettings common, int minEvents, double minOffHoursShare, int businessStartHour,
                               int businessEndHour) implements RuleSettings {
    static final Setting<Integer> MIN_EVENTS = Setting.intAtLeast("min-events", 10, 1, "events within the window");
    static final Setting<Double> MIN_OFF_HOURS_SHARE = Setting.doubleAtLeast("min-off-hours-share", 0.7, 0.0,
            "share of those events outside business hours");
    static final Setting<Integer> BUSINESS_START_HOUR = Setting.intAtLeast("business-start-hour", 8, 0,
            "first hour of business (account's time zone)");
    static final Setting<Integer> BUSINESS_END_HOUR = Setting.intAtLeast("business-end-hour", 20, 1,
            "hour business ends (account's time zone)");

    public static final DetectorDeclaration<OffHoursSettings> DECLARATION = DetectorDeclaration.windowed(
            OffHoursDetector.ID, Duration.ofDays(14),
            (common, v) -> new OffHoursSettings(common, v.get(MIN_EVENTS), v.get(MIN_OFF_HOURS_SHARE),
                    v.get(BUSINESS_START_HOUR), v.get(BUSINESS_END_HOUR)),
            MIN_EVENTS, MIN_OFF_HOURS_SHARE, BUSINESS_START_HOUR, BUSINESS_END_HOUR);
}
