package io.flagstream.local;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.Durations;
import io.flagstream.config.TopicNames;
import io.flagstream.testing.LocalSchemaRegistryServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-kafka/target/flagstream-local.jar demo|up|registry}: the local stack's commands. */
@Command(name = "flagstream-local", mixinStandardHelpOptions = true,
        description = "FlagStream on an embedded Apache Kafka broker (KRaft), for trying it out locally.",
        subcommands = {LocalCli.Demo.class, LocalCli.Up.class, LocalCli.Registry.class})
public final class LocalCli {
    private LocalCli() {
    }

    public static void main(String[] args) {
        // streams-app's jar carries the production logback.xml; the local stack wants the quieter one. Set
        // before the first logger exists.
        System.setProperty("logback.configurationFile", "logback-local.xml");
        System.exit(new CommandLine(new LocalCli()).execute(args));
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a broker, stream seeded platform traffic with planted operator behaviour "
            + "through FlagStream, print the alerts and a summary, then stop.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--accounts", defaultValue = "3000", description = "Benign accounts (default ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--days", defaultValue = "14", description = "Simulated days (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--teams", defaultValue = "3", description = "Planted operator teams (default ${DEFAULT-VALUE}).")
        int teams;

        @Option(names = "--days-per-second", defaultValue = "1.0",
                description = "Simulated days streamed per wall-clock second (default ${DEFAULT-VALUE}).")
        double daysPerSecond;

        @Option(names = "--timeout", defaultValue = "300s", description = "Give up after this long (default ${DEFAULT-VALUE}; clean-clone CI runs took 158 s and over 180 s on a loaded 2-core machine).",
                converter = DurationConverter.class)
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            return new LocalDemo(seed, accounts, days, teams, daysPerSecond, timeout, System.out).run() ? 0 : 1;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start a broker, a Confluent-API schema registry and FlagStream on 127.0.0.1 and keep them "
            + "running until Ctrl-C, for your own producers (or the produce command).")
    static final class Up implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "FlagStream properties (detector settings, allow-list); broker, registry and state directory are the stack's own.")
        Path config;

        @Option(names = "--http-port", defaultValue = "8080",
                description = "FlagStream's /health, /ready, /metrics port (default ${DEFAULT-VALUE}; 0: any free port).")
        int httpPort;

        @Override
        public Integer call() throws Exception {
            Map<String, String> settings = new LinkedHashMap<>(config == null ? Map.of() : ConfigLoader.readProperties(config));
            settings.put("flagstream.http.port", Integer.toString(httpPort));
            System.out.println("Starting an Apache Kafka broker (KRaft), a schema registry and FlagStream...");
            LocalStack stack = LocalStack.start(settings, Duration.ofMinutes(3));
            // Ctrl-C / SIGTERM: stop the app first (it commits), then the registry and the broker.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "flagstream-local-shutdown"));
            TopicNames t = stack.config().topics();
            System.out.printf("""
                    FlagStream local stack is up (Ctrl-C stops it; nothing is kept).
                      Kafka bootstrap servers  %s
                      Schema registry          %s   (Confluent API)
                      FlagStream               http://127.0.0.1:%d/ready   /health   /metrics
                      Inputs                   %s, %s, %s   (Avro, Confluent wire format, key = account id)
                      Outputs                  %s (Avro), %s (OCSF JSON), %s
                    Produce recorded or simulated events:
                      java -jar tools/target/flagstream-tools.jar produce --events sim/events.jsonl \\
                           --bootstrap-servers %s --schema-registry-url %s
                    %n""", stack.bootstrapServers(), stack.schemaRegistryUrl(), stack.httpPort(),
                    t.payouts(), t.logins(), t.accountChanges(), t.alerts(), t.findings(), t.deadLetter(),
                    stack.bootstrapServers(), stack.schemaRegistryUrl());
            return stack.awaitStop() ? 0 : 1;
        }
    }

    @Command(name = "registry", mixinStandardHelpOptions = true, description = "Serve only the Confluent-API schema registry (in memory: "
            + "schemas last as long as the process) until SIGTERM or Ctrl-C; the registry of the podman compose override "
            + "(docker/compose.podman.yaml).")
    static final class Registry implements Callable<Integer> {
        @Option(names = "--listener", paramLabel = "URL", defaultValue = "${env:SCHEMA_REGISTRY_LISTENERS:-http://127.0.0.1:8081}",
                description = "http://HOST:PORT to serve (default ${DEFAULT-VALUE}: Confluent's SCHEMA_REGISTRY_LISTENERS if set, "
                        + "else http://127.0.0.1:8081; 0.0.0.0 serves other containers).")
        String listener;

        @Override
        public Integer call() throws Exception {
            URI uri = URI.create(listener.trim());
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--listener must be http://HOST:PORT, was " + listener);
            }
            LocalSchemaRegistryServer registry = LocalSchemaRegistryServer.builder()
                    .listen(InetAddress.getByName(uri.getHost()), uri.getPort()).recordRequests(false).build().start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                registry.close();
                stopped.countDown();
            }, "flagstream-registry-shutdown"));
            System.out.printf("Schema registry (Confluent API, in memory) serving %s%n", listener);
            stopped.await();
            return 0;
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
