package io.flagstream.config;

import io.flagstream.serde.SchemaRegistrySettings;

/**
 * Every setting FlagStream reads, typed and validated, in one place. Built by {@link ConfigLoader}; the
 * topology, the detectors and the runner take their part of it and nothing else.
 */
public record FlagStreamConfig(
        KafkaSettings kafka,
        SchemaRegistrySettings schemaRegistry,
        TopicNames topics,
        InputSettings input,
        HttpSettings http,
        AlertSettings alerts,
        ProfileSettings profile,
        AllowList allowList,
        DetectorsConfig detectors,
        OcsfSettings ocsf,

        RiskSettings risk,
        ClusterSettings clusters) {
}
