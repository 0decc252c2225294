/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements. See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *    http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.flagstream.replay;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.internals.StreamsConfigUtils;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.ClientUtils;
import org.apache.kafka.streams.processor.internals.GlobalProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.GlobalStateManagerImpl;
import org.apache.kafka.streams.processor.internals.GlobalStateUpdateTask;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.apache.kafka.streams.processor.internals.ProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.apache.kafka.streams.processor.internals.ProcessorTopology;
import org.apache.kafka.streams.processor.internals.RecordCollectorImpl;
import org.apache.kafka.streams.processor.internals.StateDirectory;
import org.apache.kafka.streams.processor.internals.StreamTask;
import org.apache.kafka.streams.processor.internals.StreamsProducer;
import org.apache.kafka.streams.processor.internals.Task;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.state.internals.ThreadCache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a topology the way Kafka's {@code TopologyTestDriver} does, without the test driver's per-record overhead.
 * Derived from {@code org/apache/kafka/streams/TopologyTestDriver.java} of kafka-streams-test-utils 4.4.0 (its
 * setup of the stream and global tasks, its processing loop and its close), keeping what a replay needs:
 * <ul>
 *   <li>Topics resolve once to their partitions: the test driver matches every record piped or produced against
 *       every source topic name compiled as a regex (a fifth of a replay). Pattern sources are refused.</li>
 *   <li>No commit per record: the test driver commits (flushing stores and record caches, writing a checkpoint)
 *       after each record. Here record caches are off (size 0), so no output waits for a commit; the task commits
 *       once, at close.</li>
 *   <li>At-least-once whatever the configuration: under exactly-once the producer would hold every output until a
 *       commit, and the repartitioned records fed back would wait with them. Nothing else in a replay differs.</li>
 *   <li>Produced records are kept only for the topics asked for; the rest are fed back in (source and repartition
 *       topics) or dropped, instead of queueing until read.</li>
 * </ul>
 * What stays exactly as in the test driver: one task (0_0) on partition 0 of every topic, records processed one
 * at a time in the task's order with stream-time punctuation after each, everything each record produced routed
 * before the next, and a wall clock that never moves (no wall-clock punctuation fires).
 */
final class ReplayDriver implements AutoCloseable {
    private static final TaskId TASK_ID = new TaskId(0, 0);
    private static final long WALL_CLOCK_MS = 0L;

    private final Time wallClock = new StoppedClock();
    private final LogContext logContext = new LogContext("replay-driver ");
    private final Metrics metrics;
    private final StateDirectory stateDirectory;
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final MockProducer<byte[], byte[]> producer;
    private final StreamTask task;
    private final GlobalStateUpdateTask globalTask;
    private final Map<String, Input> inputs = new HashMap<>();
    private final Map<String, Input> globalInputs = new HashMap<>();
    private final Map<String, List<ProducerRecord<byte[], byte[]>>> kept = new HashMap<>();

    /**
     * @param keptTopics output topics whose records {@link #drain} returns; other output is dropped
     */
    ReplayDriver(Topology topology, Properties config, Set<String> keptTopics) {
        Properties props = new Properties();
        props.putAll(config);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // A record at a time, processed to the end: waiting for empty partitions never changes the order (and at
        // 0 Kafka formats a log line per empty partition per record).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // As the test driver: no wall-clock throttling of outer-join and windowed-aggregation results.
        props.putIfAbsent(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_OUTER_JOIN_SPURIOUS_RESULTS_FIX, 0L);
        props.putIfAbsent(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
        // Without a commit per record a record cache would hold output back until close; at 0 bytes Kafka turns
        // every store's cache off. For a processor's own store that changes when writes reach the store, not what
        // reads return; the topology's DSL tables write through anyway.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        StreamsConfig streamsConfig = new ClientUtils.QuietStreamsConfig(props);
        keptTopics.forEach(t -> kept.put(t, new ArrayList<>()));

        metrics = new Metrics(new MetricConfig()
                .samples(streamsConfig.getInt(StreamsConfig.METRICS_NUM_SAMPLES_CONFIG))
                .recordLevel(Sensor.RecordingLevel.forName(streamsConfig.getString(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG)))
                .timeWindow(streamsConfig.getLong(StreamsConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS), wallClock);
        StreamsMetricsImpl streamsMetrics = new StreamsMetricsImpl(metrics, "replay-driver", wallClock);

        InternalTopologyBuilder builder = internalBuilder(topology).rewriteTopology(streamsConfig);
        if (!builder.allSourcePatternStrings().isEmpty()) {
            throw new IllegalArgumentException("pattern sources are not supported: " + builder.allSourcePatternStrings());
        }
        ProcessorTopology processorTopology = builder.buildTopology();
        ProcessorTopology globalTopology = builder.buildGlobalStateTopology();
        processorTopology.sourceTopics().forEach(t -> inputs.put(t, new Input(t)));
        stateDirectory = new StateDirectory(streamsConfig, wallClock, builder.hasPersistentStores(), false);
        ThreadCache cache = new ThreadCache(logContext, 0, streamsMetrics);

        ByteArraySerializer bytes = new ByteArraySerializer();
        producer = new MockProducer<>(Cluster.empty(), true, null, bytes, bytes) {
            @Override
            public List<PartitionInfo> partitionsFor(String topic) {
                return List.of(new PartitionInfo(topic, 0, null, null, null));
            }
        };
        globalTask = globalTopology == null ? null : globalTask(globalTopology, streamsConfig, streamsMetrics, cache);
        task = task(processorTopology, builder, streamsConfig, streamsMetrics, cache);
    }

    /** Pipes one record into a source topic and processes it, and everything it causes, to the end. */
    void pipe(String topic, byte[] key, byte[] value, Headers headers, long timestamp) {
        Input input = inputs.get(topic);
        Input global = globalInputs.get(topic);
        if (input == null && global == null) {
            throw new IllegalArgumentException("Unknown topic: " + topic);
        }
        if (input != null) {
            input.enqueue(key, value, headers, timestamp);
            while (task.hasRecordsQueued() && task.isProcessable(WALL_CLOCK_MS)) {
                task.process(WALL_CLOCK_MS);
                task.maybePunctuateStreamTime();
                routeOutputs();
            }
        }
        if (global != null) {
            global.updateGlobal(key, value, headers, timestamp);
        }
    }

    /** Records produced to a kept topic since the last call, in production order. */
    List<ProducerRecord<byte[], byte[]>> drain(String topic) {
        List<ProducerRecord<byte[], byte[]>> records = kept.get(topic);
        if (records == null) {
            throw new IllegalArgumentException("not a kept topic: " + topic);
        }
        List<ProducerRecord<byte[], byte[]>> drained = List.copyOf(records);
        records.clear();
        return drained;
    }

    /** As the test driver: records to a task's source topic go back into the task, to a global topic into the global task. */
    private void routeOutputs() {
        List<ProducerRecord<byte[], byte[]>> produced = producer.history();
        producer.clear();
        for (ProducerRecord<byte[], byte[]> r : produced) {
            Input input = inputs.get(r.topic());
            if (input != null) {
                input.enqueue(r.key(), r.value(), r.headers(), r.timestamp());
            }
            Input global = globalInputs.get(r.topic());
            if (global != null) {
                global.updateGlobal(r.key(), r.value(), r.headers(), r.timestamp());
            }
            List<ProducerRecord<byte[], byte[]>> records = kept.get(r.topic());
            if (records != null) {
                records.add(r);
            }
        }
    }

    @SuppressWarnings("deprecation") // the global-enabled switch, read as the test driver reads it
    private GlobalStateUpdateTask globalTask(ProcessorTopology globalTopology, StreamsConfig streamsConfig,
                                             StreamsMetricsImpl streamsMetrics, ThreadCache cache) {
        MockConsumer<byte[], byte[]> globalConsumer = new MockConsumer<>(AutoOffsetResetStrategy.NONE.name());
        for (String topic : globalTopology.sourceTopics()) {
            Input input = new Input(topic);
            globalInputs.put(topic, input);
            globalConsumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
            globalConsumer.updateBeginningOffsets(Map.of(input.partition, 0L));
            globalConsumer.updateEndOffsets(Map.of(input.partition, 0L));
        }
        GlobalStateManagerImpl stateManager = new GlobalStateManagerImpl(logContext, wallClock, globalTopology, globalConsumer,
                stateDirectory, new NoRestoreListener(), streamsConfig);
        GlobalProcessorContextImpl context = new GlobalProcessorContextImpl(streamsConfig, stateManager, streamsMetrics, cache, wallClock);
        stateManager.setGlobalProcessorContext(context);
        boolean handlerEnabled = streamsConfig.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG);
        GlobalStateUpdateTask global = new GlobalStateUpdateTask(logContext, globalTopology, context, stateManager,
                new LogAndContinueExceptionHandler(), handlerEnabled ? streamsConfig.processingExceptionHandler() : null,
                wallClock, streamsConfig.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        global.initialize();
        return global;
    }

    private StreamTask task(ProcessorTopology processorTopology, InternalTopologyBuilder builder, StreamsConfig streamsConfig,
                            StreamsMetricsImpl streamsMetrics, ThreadCache cache) {
        Set<TopicPartition> partitions = new HashSet<>();
        inputs.values().forEach(i -> partitions.add(i.partition));
        consumer.assign(partitions);
        Map<TopicPartition, Long> startOffsets = new HashMap<>();
        partitions.forEach(p -> startOffsets.put(p, 0L));
        consumer.updateBeginningOffsets(startOffsets);
        TopologyConfig.TaskConfig taskConfig = builder.topologyConfigs().getTaskConfig();
        ProcessorStateManager stateManager = new ProcessorStateManager(TASK_ID, Task.TaskType.ACTIVE, false,
                taskConfig.transactionalStateStoresEnabled, logContext, stateDirectory,
                wallClock, processorTopology.storeToChangelogTopic(), new HashSet<>(partitions));
        StreamsProducer streamsProducer = new StreamsProducer(producer, StreamsConfigUtils.ProcessingMode.AT_LEAST_ONCE, wallClock, logContext);
        RecordCollectorImpl collector = new RecordCollectorImpl(logContext, TASK_ID, streamsProducer,
                streamsConfig.productionExceptionHandler(), streamsMetrics, processorTopology);
        ProcessorContextImpl context = new ProcessorContextImpl(TASK_ID, streamsConfig, stateManager, streamsMetrics, cache);
        StreamTask streamTask = new StreamTask(TASK_ID, new HashSet<>(partitions), processorTopology, consumer,
                taskConfig, streamsMetrics, stateDirectory, cache, wallClock, stateManager,
                collector, context, logContext, false);
        streamTask.initializeIfNeeded();
        streamTask.completeRestoration(noOpResetter -> { });
        for (TopicPartition p : streamTask.inputPartitions()) {
            streamTask.updateNextOffsets(p, new OffsetAndMetadata(0L, Optional.empty(), ""));
        }
        return streamTask;
    }

    /** The test driver reaches the builder from its own package; the field is protected. */
    private static InternalTopologyBuilder internalBuilder(Topology topology) {
        try {
            var field = Topology.class.getDeclaredField("internalTopologyBuilder");
            field.setAccessible(true);
            return (InternalTopologyBuilder) field.get(topology);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kafka Streams without Topology.internalTopologyBuilder", e);
        }
    }

    @Override
    public void close() {
        try {
            task.suspend();
            consumer.commitSync(task.prepareCommit(true));
            task.postCommit(true);
            task.closeClean();
            if (globalTask != null) {
                globalTask.close(false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("closing the global task", e);
        } finally {
            producer.close();
            consumer.close();
            metrics.close();
            stateDirectory.clean();
        }
    }

    /** Partition 0 of one topic and the offset its next record gets. */
    private final class Input {
        private final TopicPartition partition;
        private long nextOffset;

        Input(String topic) {
            partition = new TopicPartition(topic, 0);
        }

        void enqueue(byte[] key, byte[] value, Headers headers, long timestamp) {
            task.addRecords(partition, Collections.singleton(record(key, value, headers, timestamp)));
        }

        void updateGlobal(byte[] key, byte[] value, Headers headers, long timestamp) {
            globalTask.update(record(key, value, headers, timestamp));
            globalTask.flushState();
        }

        private ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, Headers headers, long timestamp) {
            return new ConsumerRecord<>(partition.topic(), 0, nextOffset++, timestamp, TimestampType.CREATE_TIME,
                    key == null ? ConsumerRecord.NULL_SIZE : key.length, value == null ? ConsumerRecord.NULL_SIZE : value.length,
                    key, value, headers, Optional.empty());
        }
    }

    /** Nothing is ever restored: there are no changelogs to restore from. */
    private static final class NoRestoreListener implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        }
    }

    /** The wall clock at the epoch, as replay's test driver had it; nothing in a replay waits. */
    private static final class StoppedClock implements Time {
        @Override
        public long milliseconds() {
            return WALL_CLOCK_MS;
        }

        @Override
        public long nanoseconds() {
            return TimeUnit.MILLISECONDS.toNanos(WALL_CLOCK_MS);
        }

        @Override
        public void sleep(long ms) {
        }
    }
}
