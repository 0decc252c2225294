package io.flagstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How FlagStream talks to Kafka. {@code clientOverrides} carries any {@code flagstream.kafka.*} setting
 * (security, SASL, linger, ...) to the Streams client unchanged; explicit settings here win over it.
 *
 * @param standbyReplicas warm copies of every task's state on other instances, so a failed instance's tasks
 *                        resume without a full restore from the changelogs
 * @param groupInstanceId static group membership ({@code group.instance.id}, e.g. the pod name of a StatefulSet):
 *                        an instance restarted under the same id takes its tasks back at once, even after a kill -9,
 *                        instead of waiting the session timeout for its former self; null for dynamic membership
 * @param rocksDbMemoryBytes off-heap memory all RocksDB stores of the instance share (block cache and memtables)
 */
public record KafkaSettings(
        String bootstrapServers,
        String applicationId,
        ProcessingGuarantee processingGuarantee,
        int standbyReplicas,
        String groupInstanceId,
        int streamThreads,
        Duration commitInterval,
        long cacheMaxBytes,
        int replicationFactor,
        Path stateDir,
        StoreType storeType,
        long rocksDbMemoryBytes,
        Map<String, String> clientOverrides) {
}
