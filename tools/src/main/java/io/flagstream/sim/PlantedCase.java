package io.flagstream.sim;

import java.time.Instant;

/**
 * Ground truth: a behaviour the simulator planted, and the alert it should raise.
 *
 * @param ruleId     the detector that should fire
 * @param entityType the alert entity type (account, instrument, ...)
 * @param entityId   the alert entity id
 * @param story      what was planted, for a reader of the summary
 * @param start      event time of the first planted event of the behaviour (detection delay is measured from
 *                   it); {@code null} when unknown
 */
public record PlantedCase(String ruleId, String entityType, String entityId, String story, Instant start) {
    /** A case without a known start (no detection delay is measured for it). */
    public PlantedCase(String ruleId, String entityType, String entityId, String story) {
        this(ruleId, entityType, entityId, story, null);
    }
}
