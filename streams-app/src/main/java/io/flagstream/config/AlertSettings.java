package io.flagstream.config;

import java.time.Duration;

/**
 * Alert output rules shared by every detector.
 *
 * @param suppression a (rule, entity) that fires again within this time of its last detection belongs to the
 *                    same episode: no new alert, at most an update with more evidence
 * @param maxEvidence evidence events kept in one alert (newest first); the alert still counts all of them
 */
public record AlertSettings(Duration suppression, int maxEvidence) {
}
