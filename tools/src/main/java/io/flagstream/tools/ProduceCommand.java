package io.flagstream.tools;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.RawConfig;
import io.flagstream.replay.EventFileReader;
import io.flagstream.replay.EventProducer;
import io.flagstream.replay.MergedEvents;
import io.flagstream.replay.Progress;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaWriting;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code produce --events FILE... --bootstrap-servers --schema-registry-url}: event files onto a real broker. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Produce event files onto the input topics of a real broker: Confluent wire format",
                "(schemas registered in the registry), key = account id, record time = event time."})
final class ProduceCommand implements Callable<Integer> {
    private static final Set<String> TOPIC_KINDS = Set.of("payouts", "logins", "account-changes");

    @Option(names = "--events", required = true, arity = "1..*", paramLabel = "FILE",
            description = "JSON Lines event files (.gz allowed); several are merged by timestamp.")
    List<Path> events;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true, paramLabel = "URL")
    String schemaRegistryUrl;

    @Option(names = "--topics", split = ",", paramLabel = "KIND=TOPIC",
            description = "Topic names if not the defaults, e.g. --topics payouts=p1,logins=l1,account-changes=c1.")
    Map<String, String> topics = new HashMap<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file for registry auth/TLS and flagstream.kafka.* client settings (e.g. security).")
    Path config;

    @Option(names = "--strict", description = "Stop at the first bad line instead of counting and skipping it.")
    boolean strict;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FlagStreamConfig cfg = config(System.getenv());
        Topics t = Topics.create(cfg.topics(), SchemaRegistryClients.create(cfg.schemaRegistry()),
                SchemaWriting.from(cfg.schemaRegistry()));
        Map<String, Object> props = new HashMap<>(cfg.kafka().clientOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        ReplayCommand.BadLines bad = new ReplayCommand.BadLines(20);
        List<EventFileReader> readers = events.stream().map(f -> new EventFileReader(f, strict, bad)).toList();
        Progress progress = Progress.forConsole("produce", System.err);
        try (MergedEvents merged = new MergedEvents(readers);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Map<String, Long> sent = EventProducer.produce(merged, t, producer, progress);
            long total = sent.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("Produced %,d events %s to %s in %.1f s; bad lines %,d%n", total, sent, bootstrapServers,
                    progress.seconds(), merged.badLines());
        }
        return 0;
    }

    /**
     * Defaults, then the {@code --config} file, then {@code FLAGSTREAM_*} variables, then this command line: an
     * option typed for this run wins over a variable set for the app (say, in its container), as for any CLI.
     */
    FlagStreamConfig config(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        if (config != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k).trim()));
        }
        Map<String, String> options = new HashMap<>();
        options.put("flagstream.bootstrap.servers", bootstrapServers);
        options.put("flagstream.schema.registry.url", schemaRegistryUrl);
        topics.forEach((kind, name) -> {
            if (!TOPIC_KINDS.contains(kind)) {
                throw new ParameterException(spec.commandLine(), "--topics: '" + kind + "' is not one of " + TOPIC_KINDS);
            }
            options.put("flagstream.topics." + kind, name);
        });
        settings.putAll(options);
        Map<String, String> env = new HashMap<>(environment);
        options.keySet().forEach(key -> env.remove(RawConfig.envName(key)));
        return ConfigLoader.load(settings, env);
    }
}
