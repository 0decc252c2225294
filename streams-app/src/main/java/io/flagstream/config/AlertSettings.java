package io.flagstream.config;

import java.time.Duration;
import java.util.List;

/**
 * Alert output rules shared by every detector.
 *
 * @param suppression a (rule, entity) that fires again within this time of its last detection belongs to the
 *                    same episode: no new alert, at most an update with more evidence
 * @param maxEvidence evidence events kept in one alert (newest first); the alert still counts all of them
 */
public record AlertSettings(Duration suppression, int maxEvidence) {
    static final Setting<Duration> SUPPRESSION = Setting.positiveDuration("flagstream.alerts.suppression", Duration.ofDays(7),
            "a rule firing again for an entity within this time of its last detection updates the alert instead of raising a new one");
    static final Setting<Integer> MAX_EVIDENCE = Setting.intAtLeast("flagstream.alerts.max-evidence", 25, 1,
            "evidence events kept in one alert (newest first)");

    static final List<Setting<?>> SETTINGS = List.of(SUPPRESSION, MAX_EVIDENCE);

    static AlertSettings read(RawConfig raw) {
        return new AlertSettings(SUPPRESSION.read(raw), MAX_EVIDENCE.read(raw));
    }
}
