package io.flagstream.config;

import java.util.List;

/**
 * OCSF output: every alert record also goes to {@code flagstream.topics.findings} as an OCSF 1.x Detection
 * Finding (JSON), keyed by finding uid, so a compacted topic holds the latest state of every finding.
 *
 * @param enabled {@code flagstream.ocsf.enabled}, default true
 * @param caseUrl {@code flagstream.ocsf.case-url}: the platform's case view of an alert, written to
 *                {@code finding_info.src_url} with {@code {alert_id}} (and optionally {@code {rule_id}},
 *                {@code {entity_type}}, {@code {entity_id}}) filled in; null for none
 */
public record OcsfSettings(boolean enabled, String caseUrl) {
    public static final String ALERT_ID = "{alert_id}";

    static final Setting<Boolean> ENABLED = Setting.bool("flagstream.ocsf.enabled", true,
            "whether alerts also go to `flagstream.topics.findings` as OCSF Detection Findings");
    static final Setting<String> CASE_URL = Setting.string("flagstream.ocsf.case-url", null,
            "the platform's case view of an alert (http(s), with `{alert_id}`), written to `finding_info.src_url`");

    static final List<Setting<?>> SETTINGS = List.of(ENABLED, CASE_URL);

    static OcsfSettings read(RawConfig raw) {
        return new OcsfSettings(ENABLED.read(raw), CASE_URL.read(raw));
    }

    public OcsfSettings {
        if (caseUrl != null) {
            if (!caseUrl.startsWith("https://") && !caseUrl.startsWith("http://")) {
                throw new ConfigException(CASE_URL.name(), "must be an http(s) URL, was " + caseUrl);
            }
            if (!caseUrl.contains(ALERT_ID)) {
                throw new ConfigException(CASE_URL.name(), "must contain " + ALERT_ID + " (where the alert id goes), was " + caseUrl);
            }
        }
    }
}
