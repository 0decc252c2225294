package io.flagstream.config;

/**
 * OCSF output: every alert record also goes to {@code flagstream.topics.findings} as an OCSF 1.x Detection
 * Finding (JSON), keyed by finding uid, so a compacted topic holds the latest state of every finding.
 *
 * @param enabled {@code flagstream.ocsf.enabled}, default true
 */
public record OcsfSettings(boolean enabled) {
}
