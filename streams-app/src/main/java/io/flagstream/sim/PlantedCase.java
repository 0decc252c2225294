package io.flagstream.sim;

/**
 * Ground truth: a behaviour the simulator planted, and the alert it should raise.
 *
 * @param ruleId     the detector that should fire
 * @param entityType the alert entity type (account, instrument, ...)
 * @param entityId   the alert entity id
 * @param story      what was planted, for a reader of the summary
 */
public record PlantedCase(String ruleId, String entityType, String entityId, String story) {
}
