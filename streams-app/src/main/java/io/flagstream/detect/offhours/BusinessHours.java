package io.flagstream.detect.offhours;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Business hours [startHour, endHour) in local time; with {@code startHour > endHour} they wrap midnight
 * (e.g. 22..6 for a declared night shift). Weekends count as any other day.
 */
record BusinessHours(int startHour, int endHour) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm");

    boolean inside(long epochMs, ZoneId zone) {
        int hour = local(epochMs, zone).getHour();
        if (startHour == endHour) {
            return true;
        }
        return startHour < endHour
                ? hour >= startHour && hour < endHour
                : hour >= startHour || hour < endHour;
    }

    /** "Mon 2026-03-02 03:15", for evidence. */
    static String localTime(long epochMs, ZoneId zone) {
        return LOCAL.format(local(epochMs, zone));
    }

    /** The declared time zone, or null when missing or not an IANA/offset id (then the account is not evaluated). */
    static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    String describe() {
        return String.format("%02d:00-%02d:00", startHour, endHour);
    }

    private static LocalDateTime local(long epochMs, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), zone);
    }
}
