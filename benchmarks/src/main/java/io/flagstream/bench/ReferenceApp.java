package io.flagstream.bench;

import io.flagstream.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Phase 3, the reference app: the smallest useful stateful Kafka Streams app over the same input. It
 * decodes the three topics with the same {@code AvroWireSerde}s, re-keys every event by one field
 * (payouts by instrument fingerprint, logins by IP, account changes by instrument fingerprint or account)
 * through one repartition topic, and counts per key in 1-minute event-time windows (1-day grace), writing
 * the counts to an output topic (window store retention {@link #PRELUDE_SPAN}, see there). At-least-once, 1 thread, commit interval 1 s, default record cache: the
 * counterpart of FlagStream's {@code alos-1s-1t}.
 */
final class ReferenceApp {
    /**
     * Retention of the window store: longer than the simulator's account-creation prelude (up to two years
     * back). With the default retention (size + grace, 1 day) the segmented store opens a new RocksDB
     * segment for every 12 h of event time while stream time walks through the prelude: measured, a 30 s
     * stall on 50,000 events that has nothing to do with steady-state cost.
     */
    static final Duration PRELUDE_SPAN = Duration.ofDays(800);

    private ReferenceApp() {
    }

    static Results.Throughput run(String bootstrap, Admin admin, Topics topics, Path stateDir, String applicationId,
                                  String outputTopic, Duration timeout) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> payouts = builder
                .stream(topics.payouts().name(), Consumed.with(Serdes.String(), topics.payouts().valueSerde()).withName("ref-payouts"))
                .map((k, p) -> KeyValue.pair(p.getInstrument().getFingerprint(), p.getEventId()), Named.as("ref-payouts-by-instrument"));
        KStream<String, String> logins = builder
                .stream(topics.logins().name(), Consumed.with(Serdes.String(), topics.logins().valueSerde()).withName("ref-logins"))
                .map((k, l) -> KeyValue.pair(l.getIp(), l.getEventId()), Named.as("ref-logins-by-ip"));
        KStream<String, String> changes = builder
                .stream(topics.accountChanges().name(), Consumed.with(Serdes.String(), topics.accountChanges().valueSerde())
                        .withName("ref-changes"))
                .map((k, c) -> KeyValue.pair(c.getInstrument() != null ? c.getInstrument().getFingerprint() : c.getAccountId(),
                        c.getEventId()), Named.as("ref-changes-by-field"));
        payouts.merge(logins, Named.as("ref-merge-1")).merge(changes, Named.as("ref-merge-2"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName("by-field"))
                .groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofDays(1)))
                .count(Materialized.<String, Long, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("counts")
                        .withRetention(PRELUDE_SPAN))
                .toStream(Named.as("ref-counts"))
                .map((Windowed<String> w, Long n) -> KeyValue.pair(w.key() + "@" + w.window().start(), n), Named.as("ref-flatten"))
                .to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            Throughputs.Timing t = Throughputs.runToCompletion(streams, admin, applicationId, Loader.inputNames(topics),
                    "reference app", timeout);
            return new Results.Throughput("reference (re-key + 1-min windowed count, alos-1s-1t)", Results.OK,
                    String.format("%.1f s incl. start-up", t.secondsFromStart()), t.events(), t.secondsFromRunning(),
                    t.events() / t.secondsFromRunning());
        }
    }
}
