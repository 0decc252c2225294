package io.flagstream.config;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

import java.util.Properties;

/**
 * Kafka Streams properties from our settings. Pass-through client settings go first so that the settings
 * FlagStream owns (and validated) win.
 */
public final class StreamsProperties {
    static final int DEFAULT_LINGER_MS = 5;

    private StreamsProperties() {
    }

    public static Properties from(KafkaSettings kafka) {
        Properties p = new Properties();
        p.putAll(kafka.clientOverrides());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee().streamsValue());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        if (kafka.groupInstanceId() != null) {
            // Streams appends the thread index, so each stream thread keeps its own static member id.
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), kafka.groupInstanceId());
        }
        // Alerts leave a task only at commit (and cache flush): the commit interval bounds alert latency.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.commitInterval().toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, kafka.cacheMaxBytes());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.replicationFactor());
        p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().toString());
        if (kafka.storeType() == StoreType.ROCKSDB) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            p.put(BoundedRocksDbMemory.CONFIG, new BoundedRocksDbMemory.Memory(kafka.rocksDbMemoryBytes()));
        }
        if (kafka.storeType() == StoreType.IN_MEMORY) {
            // Stores the DSL creates by name (e.g. session windows) follow the same choice as our own.
            p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        }
        // Streams' producers linger 100 ms by default, which was most of an alert's latency at ALOS: at 5 ms the
        // benchmark's p99 went from 205 to 66 ms at the same throughput (docs/benchmarks.md). A setting given wins.
        if (!p.containsKey(ProducerConfig.LINGER_MS_CONFIG) && !p.containsKey(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG))) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), DEFAULT_LINGER_MS);
        }
        // Our stores are not transactional, yet Kafka 4.4 sums every store's uncommitted bytes on each loop of the
        // stream thread to decide on an early commit (4 % of the thread in a profile); -1 turns that check off.
        if (!"true".equals(String.valueOf(p.get("enable.transactional.statestores")))) {
            p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        }
        // Every store, changelog and repartition topic name is part of the upgrade contract: refuse generated ones.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return p;
    }
}
