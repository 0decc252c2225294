package io.flagstream.config;

/** A detector's typed settings: the common ones ({@link DetectorSettings}) and its rule's thresholds. */
public interface RuleSettings {
    DetectorSettings common();
}
