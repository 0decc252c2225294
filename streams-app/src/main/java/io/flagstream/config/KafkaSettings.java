package io.flagstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How FlagStream talks to Kafka. {@code clientOverrides} carries any {@code flagstream.kafka.*} setting
 * (security, SASL, linger, ...) to the Streams client unchanged; explicit settings here win over it.
 */
public record KafkaSettings(
        String bootstrapServers,
        String applicationId,
        ProcessingGuarantee processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        long cacheMaxBytes,
        int replicationFactor,
        Path stateDir,
        StoreType storeType,
        Map<String, String> clientOverrides) {
}
