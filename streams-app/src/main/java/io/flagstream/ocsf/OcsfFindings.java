package io.flagstream.ocsf;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.OcsfSettings;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Adds the OCSF branch to one detector's alert stream: each alert record (create, update, close) becomes a
 * Detection Finding JSON document on the findings topic, keyed by finding uid (= alert id) so a compacted topic
 * keeps the latest state of every finding. Nodes: {@code <rule id>-to-ocsf-finding}, {@code <rule id>-findings-sink}.
 */
public final class OcsfFindings {
    private final OcsfSettings settings;
    private final Topic<String, String> findings;
    private final DetectionFindings mapper;

    public OcsfFindings(OcsfSettings settings, Topic<String, String> findings, DetectionFindings mapper) {
        this.settings = settings;
        this.findings = findings;
        this.mapper = mapper;
    }

    /** The topology's one call: the findings branch of one detector, as configured. */
    public static void addTo(FlagStreamConfig config, Topics topics, String ruleId, KStream<String, FraudAlert> alerts) {
        new OcsfFindings(config.ocsf(), topics.findings(), DetectionFindings.forThisBuild(config.ocsf())).addTo(ruleId, alerts);
    }

    /** Writes the findings of {@code alerts} (keyed by alert id) unless OCSF output is switched off. */
    public void addTo(String ruleId, KStream<String, FraudAlert> alerts) {
        if (!settings.enabled()) {
            return;
        }
        alerts.mapValues(mapper::toJson, Named.as(ruleId + "-to-ocsf-finding"))
                .to(findings.name(), Produced.with(findings.keySerde(), findings.valueSerde())
                        .withName(ruleId + "-findings-sink"));
    }
}
