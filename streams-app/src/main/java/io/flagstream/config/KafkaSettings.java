package io.flagstream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    static final Setting<String> BOOTSTRAP_SERVERS = Setting.required("flagstream.bootstrap.servers",
            "the Kafka brokers to start from (host:port, comma-separated)");
    static final Setting<String> APPLICATION_ID = Setting.string("flagstream.application.id", "flagstream",
            "Kafka Streams application id: the consumer group and the prefix of internal topics");
    static final Setting<ProcessingGuarantee> PROCESSING_GUARANTEE = Setting.oneOf("flagstream.processing.guarantee",
            ProcessingGuarantee.EXACTLY_ONCE_V2, ProcessingGuarantee.class, "Kafka Streams' processing guarantee");
    static final Setting<Integer> STANDBY_REPLICAS = Setting.intAtLeast("flagstream.standby.replicas", 1, 0,
            "warm copies of every task's state on other instances");
    static final Setting<String> GROUP_INSTANCE_ID = Setting.string("flagstream.group.instance.id", null,
            "static group membership (e.g. the pod name); none: dynamic membership");
    static final Setting<Integer> STREAM_THREADS = Setting.intAtLeast("flagstream.stream.threads", 1, 1,
            "stream threads of the instance");
    /**
     * Under exactly-once an alert becomes visible to read_committed consumers only when its transaction commits,
     * so the interval is the alert latency: 100 ms, Kafka Streams' own default for exactly-once, kept p99
     * append→visible at 398 ms where 1 s gave 2,087 ms, for the same throughput (docs/benchmarks.md, 2026-12-06).
     * At-least-once alerts are sent as they are produced; a commit there only records offsets.
     */
    static final Duration COMMIT_INTERVAL_EXACTLY_ONCE = Duration.ofMillis(100);
    static final Duration COMMIT_INTERVAL_AT_LEAST_ONCE = Duration.ofSeconds(1);
    static final Setting<Duration> COMMIT_INTERVAL = Setting.of("flagstream.commit.interval", "duration",
            "100ms (exactly_once_v2), 1s (at_least_once)", "> 0",
            "how often processing progress is committed; under exactly-once, alerts become visible at commit",
            (raw, key) -> raw.positiveDuration(key, PROCESSING_GUARANTEE.read(raw) == ProcessingGuarantee.EXACTLY_ONCE_V2
                    ? COMMIT_INTERVAL_EXACTLY_ONCE : COMMIT_INTERVAL_AT_LEAST_ONCE));
    static final Setting<Long> CACHE_MAX_BYTES = Setting.longAtLeast("flagstream.cache.max.bytes", 10L * 1024 * 1024, 0,
            "record cache of the instance's stores");
    static final Setting<Integer> REPLICATION_FACTOR = Setting.intAtLeast("flagstream.replication.factor", -1, -1,
            "replication of the internal topics; -1: the broker's default");
    /** The default depends on the machine, so the docs name it instead of showing one machine's value. */
    static final Setting<Path> STATE_DIR = Setting.of("flagstream.state.dir", "path", "${java.io.tmpdir}/flagstream-state", "",
            "where the instance's state stores live",
            (raw, key) -> Path.of(raw.stringSetting(key, System.getProperty("java.io.tmpdir") + "/flagstream-state")));
    static final Setting<StoreType> STORE_TYPE = Setting.oneOf("flagstream.state.store-type", StoreType.ROCKSDB,
            StoreType.class, "where detector state lives (in-memory stores are restored from their changelogs at start)");
    static final Setting<Long> ROCKSDB_MEMORY_BYTES = Setting.longAtLeast("flagstream.state.rocksdb.memory.bytes",
            256L * 1024 * 1024, 16L * 1024 * 1024, "off-heap memory all RocksDB stores of the instance share");

    static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, APPLICATION_ID, PROCESSING_GUARANTEE,
            STANDBY_REPLICAS, GROUP_INSTANCE_ID, STREAM_THREADS, COMMIT_INTERVAL, CACHE_MAX_BYTES, REPLICATION_FACTOR,
            STATE_DIR, STORE_TYPE, ROCKSDB_MEMORY_BYTES);

    /** The declared settings, after the {@code flagstream.kafka.*} pass-through (whose key stores are opened first). */
    static KafkaSettings read(RawConfig raw) {
        Map<String, String> clientSettings = raw.kafkaPassThrough();
        KeyStoreFiles.checkKafkaClientStores(clientSettings);
        return new KafkaSettings(BOOTSTRAP_SERVERS.read(raw), APPLICATION_ID.read(raw), PROCESSING_GUARANTEE.read(raw),
                STANDBY_REPLICAS.read(raw), GROUP_INSTANCE_ID.read(raw), STREAM_THREADS.read(raw),
                COMMIT_INTERVAL.read(raw), CACHE_MAX_BYTES.read(raw), REPLICATION_FACTOR.read(raw), STATE_DIR.read(raw),
                STORE_TYPE.read(raw), ROCKSDB_MEMORY_BYTES.read(raw), clientSettings);
    }
}
