package io.flagstream.bench;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.Payout;
import io.flagstream.local.EmbeddedKafka;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code benchmarks/run.sh soak [options]}: the app alone in a child JVM ({@code flagstream run}, heap capped as in the
 * image) on an embedded broker and an HTTP schema registry, fed a steady load with event time = now for
 * {@code --seconds}, while its resident set size, its lag and its state directory are sampled. Memory is bounded by
 * design (one RocksDB block cache and write-buffer manager, a capped heap): RSS should level off after the warm-up
 * however long the run, while new accounts keep arriving and state keeps growing.
 *
 * <p>The load: logins (heartbeats) of a pool of {@code --pool} accounts that slides forward by
 * {@code --new-accounts-per-minute} (so keys keep arriving, as on a platform), a payout to the account's own bank
 * account every 50th event, and every {@code --case-every}th event the start of a planted A16 case (three fresh
 * accounts paying one fresh wallet).
 */
@Command(name = "flagstream-bench soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the app in a child JVM under a steady load and samples its RSS, lag and state size.")
public final class SoakCli implements Callable<Integer> {
    private static final int SAMPLES_IN_A_THIRD_MIN = 1;
    private static final Duration DRAIN = Duration.ofMinutes(3);
    /** The JVM's exit status after SIGTERM once its shutdown hooks (the app's clean close) have run. */
    static final int EXIT_AFTER_SIGTERM = 128 + 15;

    @Option(names = "--seconds", defaultValue = "1800", description = "Length of the load (default ${DEFAULT-VALUE}: 30 min).")
    int seconds;

    @Option(names = "--rate", defaultValue = "3000", description = "Events per second (default ${DEFAULT-VALUE}, about half of what one"
            + " exactly-once thread sustains here).")
    int rate;

    @Option(names = "--pool", defaultValue = "10000", description = "Accounts active at any time (default ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--new-accounts-per-minute", defaultValue = "2000", description = "How far the pool slides each minute (default ${DEFAULT-VALUE}).")
    int newAccountsPerMinute;

    @Option(names = "--case-every", defaultValue = "1000", description = "Events between planted A16 cases (default ${DEFAULT-VALUE}).")
    int caseEvery;

    @Option(names = "--sample-seconds", defaultValue = "30", description = "Seconds between samples (default ${DEFAULT-VALUE}).")
    int sampleSeconds;

    @Option(names = "--heap", defaultValue = "1g", description = "The child's -Xmx (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the inputs (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--results-dir", defaultValue = "benchmarks/target/results", description = "Where soak-<time>.csv and .md go (default ${DEFAULT-VALUE}).")
    Path resultsDir;

    /** One sample of the child. */
    record Sample(double elapsedSeconds, long sent, long rssBytes, long lag, long stateBytes) {
    }

    /** What a run measured. */
    record Outcome(List<Sample> samples, long sent, long alerts, long finalLag, int childExit, Path csv, Path summary) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Outcome outcome = run(System.out);
        return outcome.finalLag == 0 && outcome.childExit == EXIT_AFTER_SIGTERM ? 0 : 1;
    }

    Outcome run(PrintStream out) throws Exception {
        Files.createDirectories(resultsDir);
        Path work = Files.createTempDirectory("flagstream-soak");
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             LocalSchemaRegistryServer registry = new LocalSchemaRegistryServer().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, String> settings = Map.of(
                    "flagstream.bootstrap.servers", kafka.bootstrapServers(),
                    "flagstream.schema.registry.url", registry.url(),
                    "flagstream.application.id", "soak",
                    "flagstream.state.dir", work.resolve("state").toString(),
                    "flagstream.http.port", "-1");
            FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
            Topics topics = Topics.create(config.topics(), new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registry.url())));
            Harness.createAppTopics(admin, topics, partitions, Map.of());
            List<String> inputs = Loader.inputNames(topics);

            Process child = startChild(settings, work, heap);
            try {
                out.printf(Locale.ROOT, "soak: app pid %d (-Xmx%s), %d events/s for %d s, log %s%n", child.pid(), heap, rate, seconds,
                        work.resolve("app.log"));
                awaitGroupMember(admin, config.kafka().applicationId(), child);
                List<Sample> samples = new ArrayList<>();
                long sent = produce(topics, kafka.bootstrapServers(), admin, config.kafka().applicationId(), inputs, child,
                        work.resolve("state"), samples, out);
                long drainEnd = System.nanoTime() + DRAIN.toNanos();
                long lag = ProgressWatcher.lag(admin, config.kafka().applicationId(), inputs);
                while (lag != 0 && System.nanoTime() < drainEnd && child.isAlive()) {
                    TimeUnit.SECONDS.sleep(1);
                    lag = ProgressWatcher.lag(admin, config.kafka().applicationId(), inputs);
                }
                samples.add(sample(child, seconds + (System.nanoTime() - drainEnd + DRAIN.toNanos()) / 1e9, sent, lag, work.resolve("state")));
                long alerts = Throughputs.endOffsets(admin, List.of(topics.alerts().name()));
                child.destroy(); // SIGTERM: the app closes cleanly
                int exit = child.waitFor(2, TimeUnit.MINUTES) ? child.exitValue() : -1;
                return report(out, samples, sent, alerts, lag, exit, stamp);
            } finally {
                child.destroyForcibly();
            }
        } finally {
            Footprint.deleteRecursively(work);
        }
    }

    private long produce(Topics topics, String bootstrap, Admin admin, String applicationId, List<String> inputs, Process child,
                         Path stateDir, List<Sample> samples, PrintStream out) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextSample = start;
        try (KafkaProducer<String, byte[]> producer = Loader.producer(bootstrap, 5)) {
            while (System.nanoTime() < end) {
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (!child.isAlive()) {
                    throw new IllegalStateException("The app exited with " + child.exitValue() + " during the soak");
                }
                if (System.nanoTime() >= nextSample) {
                    Sample s = sample(child, (System.nanoTime() - start) / 1e9, sent, ProgressWatcher.lag(admin, applicationId, inputs),
                            stateDir);
                    samples.add(s);
                    out.printf(Locale.ROOT, "  %6.0f s  sent %,d  RSS %,d MiB  lag %,d  state %,d MiB%n", s.elapsedSeconds(), s.sent(),
                            s.rssBytes() >> 20, s.lag(), s.stateBytes() >> 20);
                    nextSample += TimeUnit.SECONDS.toNanos(sampleSeconds);
                }
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (sent >= due) {
                    TimeUnit.MILLISECONDS.sleep(1);
                    continue;
                }
                while (sent < due) {
                    send(producer, topics, sent, (System.nanoTime() - start) / 60_000_000_000L, failure);
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    /** Event {@code n}: a heartbeat, every 50th a payout home, every {@code caseEvery}th three payouts to a fresh wallet. */
    private void send(KafkaProducer<String, byte[]> producer, Topics topics, long n, long minute, AtomicReference<Exception> failure) {
        long now = System.currentTimeMillis();
        Callback onError = (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        if (n % caseEvery == 0) {
            String wallet = "soak-wallet-" + n;
            for (int k = 0; k < 3; k++) {
                String account = "soak-case-" + n + "-" + k;
                Payout p = LatencyPhase.payout("soak-e" + n + "-" + k, account, now, wallet, InstrumentType.CRYPTO_WALLET);
                producer.send(new ProducerRecord<>(topics.payouts().name(), null, now, account, Loader.serialize(topics.payouts(), p)), onError);
            }
            return;
        }
        long i = minute * newAccountsPerMinute + n % pool;
        String account = String.format(Locale.ROOT, "soak-acct-%08d", i);
        if (n % 50 == 7) {
            Payout p = LatencyPhase.payout("soak-e" + n, account, now, "bank-" + account, InstrumentType.BANK_ACCOUNT);
            producer.send(new ProducerRecord<>(topics.payouts().name(), null, now, account, Loader.serialize(topics.payouts(), p)), onError);
        } else {
            Login l = Login.newBuilder().setEventId("soak-e" + n).setAccountId(account).setTimestamp(Instant.ofEpochMilli(now))
                    .setKind(LoginKind.HEARTBEAT).setSessionId("s-" + i).setIp("10." + (i / 62_500 % 250) + "." + (i / 250 % 250) + "." + (i % 250 + 1))
                    .setIpCountry("US").setIpType(IpType.RESIDENTIAL).setDeviceId("dev-" + i).setOpenPorts(List.of()).build();
            producer.send(new ProducerRecord<>(topics.logins().name(), null, now, account, Loader.serialize(topics.logins(), l)), onError);
        }
    }

    private static Sample sample(Process child, double elapsed, long sent, long lag, Path stateDir) {
        return new Sample(elapsed, sent, Footprint.rssBytes(child.pid()), lag, Footprint.directoryBytes(stateDir));
    }

    private Outcome report(PrintStream out, List<Sample> samples, long sent, long alerts, long lag, int exit, String stamp)
            throws IOException {
        Path csv = resultsDir.resolve("soak-" + stamp + ".csv");
        StringBuilder lines = new StringBuilder("elapsed_s,sent,rss_bytes,lag,state_bytes\n");
        samples.forEach(s -> lines.append(String.format(Locale.ROOT, "%.0f,%d,%d,%d,%d%n", s.elapsedSeconds(), s.sent(), s.rssBytes(),
                s.lag(), s.stateBytes())));
        Files.writeString(csv, lines);
        // Warm-up excluded: compare the middle third with the last third of the load.
        List<Sample> load = samples.subList(0, Math.max(0, samples.size() - 1));
        int third = Math.max(SAMPLES_IN_A_THIRD_MIN, load.size() / 3);
        double middle = meanRss(load.subList(Math.min(third, load.size()), Math.min(2 * third, load.size())));
        double last = meanRss(load.subList(Math.max(0, load.size() - third), load.size()));
        long max = samples.stream().mapToLong(Sample::rssBytes).max().orElse(-1);
        long maxLag = load.stream().mapToLong(Sample::lag).max().orElse(-1);
        String summary = String.format(Locale.ROOT, """
                # Soak %s

                %d s at %d events/s (%,d events sent), pool %,d accounts sliding %,d per minute, child heap -Xmx%s.

                | figure | value |
                |---|---|
                | RSS, mean of the middle third | %,.0f MiB |
                | RSS, mean of the last third | %,.0f MiB |
                | growth, last vs middle third | %+.1f %% |
                | RSS, max | %,d MiB |
                | lag, max while loading | %,d records |
                | lag after the drain | %,d records |
                | state directory at the end | %,d MiB |
                | alert records | %,d |
                | exit status after SIGTERM (143 = clean) | %d |

                Samples: %s
                """, stamp, seconds, rate, sent, pool, newAccountsPerMinute, heap, middle / (1 << 20), last / (1 << 20),
                middle > 0 ? 100.0 * (last - middle) / middle : 0, max >> 20, maxLag, lag, samples.get(samples.size() - 1).stateBytes() >> 20, alerts, exit, csv.getFileName());
        Path md = resultsDir.resolve("soak-" + stamp + ".md");
        Files.writeString(md, summary);
        out.println(summary);
        return new Outcome(samples, sent, alerts, lag, exit, csv, md);
    }

    private static double meanRss(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::rssBytes).average().orElse(-1);
    }

    /** {@code flagstream run} in a child JVM on this JVM's classpath, heap capped and exiting on OOM as in the image. */
    private static Process startChild(Map<String, String> settings, Path work, String heap) throws IOException {
        Path config = work.resolve("soak.properties");
        Properties props = new Properties();
        props.putAll(settings);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "soak");
        }
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "io.flagstream.app.FlagStreamCli", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("app.log").toFile()).start();
    }

    private static void awaitGroupMember(Admin admin, String group, Process child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("The app exited with " + child.exitValue() + " before joining its group");
            }
            try {
                if (!admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members().isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                // the group does not exist yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("The app did not join its group within 3 minutes");
    }
}
