package io.flagstream.config;

import io.flagstream.serde.SchemaRegistrySettings;

import java.util.Map;

/**
 * Every setting FlagStream reads, typed and validated, in one place. Built by {@link ConfigLoader}; the
 * topology, the detectors and the runner take their part of it and nothing else. {@code given} is the
 * settings as deployed (file and environment, by key): live overrides ({@link ConfigLoader#withOverrides})
 * are applied on top of it, so they are checked by exactly the same rules.
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
        ClusterSettings clusters,
        ControlSettings control,
        Map<String, String> given) {
    public FlagStreamConfig {
        given = Map.copyOf(given);
    }
}
