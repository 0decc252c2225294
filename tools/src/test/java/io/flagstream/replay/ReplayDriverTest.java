package io.flagstream.replay;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The driver against Kafka's {@link TopologyTestDriver} on a topology made to show the order of processing. */
class ReplayDriverTest {
    private static final StringSerializer STRINGS = new StringSerializer();

    /** Input "key:ts" per record; see {@link #topology()} for what each does. */
    private static final List<String> INPUTS = List.of("a:100", "b:120", "fan:130", "c:125", "d:200", "fan:210", "e:260");

    @Test
    void processesRecordsRepartitionedRecordsAndPunctuationsInTheTestDriversOrder() {
        List<String> expected = viaTestDriver();
        List<String> actual = viaReplayDriver();

        // The fan-out's low-time record (topic "low") overtakes its "high" sibling only if what a record produces
        // is fed back before the next record is chosen; punctuations interleave only if checked after each record.
        assertThat(expected).containsSubsequence("low:fan@5", "high:fan@300")
                .anyMatch(s -> s.startsWith("punctuate@"));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void drainReturnsAKeptTopicsRecordsOnceAndRefusesOtherTopics() {
        try (ReplayDriver driver = new ReplayDriver(topology(), props(), Set.of("out"))) {
            pipe(driver, "a", 100);
            assertThat(driver.drain("out")).isNotEmpty();
            assertThat(driver.drain("out")).isEmpty();
            assertThatThrownBy(() -> driver.drain("high")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> driver.pipe("nowhere", null, null, new RecordHeaders(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<String> viaTestDriver() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props(), Instant.EPOCH)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", STRINGS, STRINGS);
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            for (String input : INPUTS) {
                String[] kt = input.split(":");
                in.pipeInput(kt[0], kt[0], Long.parseLong(kt[1]));
            }
            return out.readRecordsToList().stream().map(ReplayDriverTest::line).toList();
        }
    }

    private static List<String> viaReplayDriver() {
        try (ReplayDriver driver = new ReplayDriver(topology(), props(), Set.of("out"))) {
            for (String input : INPUTS) {
                String[] kt = input.split(":");
                pipe(driver, kt[0], Long.parseLong(kt[1]));
            }
            return driver.drain("out").stream().map(ReplayDriverTest::line).toList();
        }
    }

    private static void pipe(ReplayDriver driver, String key, long timestamp) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        driver.pipe("in", bytes, bytes, new RecordHeaders(), timestamp);
    }

    private static String line(TestRecord<String, String> r) {
        return r.value() + "@" + r.timestamp();
    }

    private static String line(ProducerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8) + "@" + r.timestamp();
    }

    /**
     * "in" records go to the repartition-like topic "high" at their own time, except "fan", which goes to "high" at
     * 300 and to "mid" at 290; a "mid" record goes on to "low" at 5, which must overtake the "high" record. Every record processed from "high", "mid" and
     * "low" is written to "out", and a stream-time punctuation every 50 ms writes one too.
     */
    private static Topology topology() {
        Topology t = new Topology();
        t.addSource("in-source", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        t.addProcessor("fan-out", () -> new ContextualProcessor<String, String, String, String>() {
            @Override
            public void process(Record<String, String> r) {
                if (r.key().equals("fan")) {
                    context().forward(r.withTimestamp(300), "to-high");
                    context().forward(r.withTimestamp(290), "to-mid");
                } else {
                    context().forward(r, "to-high");
                }
            }
        }, "in-source");
        t.addSink("to-high", "high", STRINGS, STRINGS, "fan-out");
        t.addSink("to-mid", "mid", STRINGS, STRINGS, "fan-out");
        t.addSource("mid-source", Serdes.String().deserializer(), Serdes.String().deserializer(), "mid");
        t.addProcessor("mid-to-low", () -> new ContextualProcessor<String, String, String, String>() {
            @Override
            public void process(Record<String, String> r) {
                context().forward(r.withValue("mid:" + r.value()));
                context().forward(r.withTimestamp(5));
            }
        }, "mid-source");
        t.addSink("mid-out", "out", STRINGS, STRINGS, "mid-to-low");
        t.addSink("to-low", "low", STRINGS, STRINGS, "mid-to-low");
        t.addSource("later-sources", Serdes.String().deserializer(), Serdes.String().deserializer(), "high", "low");
        t.addProcessor("observe", () -> new Processor<String, String, String, String>() {
            private ProcessorContext<String, String> context;

            @Override
            public void init(ProcessorContext<String, String> context) {
                this.context = context;
                context.schedule(Duration.ofMillis(50), PunctuationType.STREAM_TIME, time ->
                        context.forward(new Record<>("p", "punctuate@" + time, time)));
            }

            @Override
            public void process(Record<String, String> r) {
                String topic = context.recordMetadata().orElseThrow().topic();
                context.forward(r.withValue(topic + ":" + r.value()));
            }
        }, "later-sources");
        t.addSink("observed", "out", STRINGS, STRINGS, "observe");
        return t;
    }

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-driver-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return p;
    }
}
