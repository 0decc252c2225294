package io.flagstream.app;

import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.RawConfig;
import io.flagstream.config.StreamsProperties;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.topics.Topics;
import io.flagstream.topology.FlagStreamTopology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code java -jar flagstream.jar run|describe|reset-local-state [--config app.properties]}, the live changes
 * {@code config-set}, {@code config-unset}, {@code allow-list add|remove}, {@code watch-list add|remove} and
 * {@code dead-letters} (see the README). The offline tools ({@code simulate}, {@code replay}, {@code produce},
 * {@code evaluate}) are in the tools module's own jar, not here.
 */
@Command(name = "flagstream", mixinStandardHelpOptions = true, versionProvider = FlagStreamCli.Version.class,
        description = "Streaming detector for the DPRK IT-worker red flags in payment and freelance platform events.",
        subcommands = {FlagStreamCli.Run.class, FlagStreamCli.Describe.class, FlagStreamCli.Config.class,
                FlagStreamCli.ResetLocalState.class,
                LiveCommands.ConfigSet.class, LiveCommands.ConfigUnset.class, LiveCommands.AllowList.class,
                LiveCommands.WatchList.class, DeadLettersCommand.class})
public final class FlagStreamCli {
    /** Exit code for a configuration error: start-up stopped with one message naming the setting. */
    public static final int CONFIG_ERROR = 2;
    /** Exit code for unusable input (a bad line with --strict, an unreadable file, bad ground truth). */
    public static final int INPUT_ERROR = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return withExitCodes(new CommandLine(new FlagStreamCli()), e -> false);
    }

    /**
     * One-line messages and the exit codes above for the errors a user can fix, instead of a stack trace; shared with
     * the tools' CLI, which names its own kinds of unusable input in {@code inputError}.
     */
    public static CommandLine withExitCodes(CommandLine commandLine, Predicate<Exception> inputError) {
        return commandLine
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ConfigException) {
                        cmd.getErr().println("flagstream: " + e.getMessage());
                        return CONFIG_ERROR;
                    }
                    // A pass-through client setting Kafka itself refuses (a bad value for flagstream.kafka.*).
                    if (e instanceof org.apache.kafka.common.config.ConfigException) {
                        cmd.getErr().println("flagstream: Invalid Kafka client configuration (flagstream.kafka.*): " + e.getMessage());
                        return CONFIG_ERROR;
                    }
                    if (inputError.test(e) || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                        cmd.getErr().println("flagstream: " + e.getMessage());
                        return INPUT_ERROR;
                    }
                    throw e;
                });
    }

    static FlagStreamConfig load(Path config) {
        Map<String, String> env = System.getenv();
        return config == null ? ConfigLoader.load(Map.of(), env) : ConfigLoader.load(config, env);
    }

    abstract static class WithConfig {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Properties file; FLAGSTREAM_* environment variables override it.")
        Path config;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the detector until SIGTERM or Ctrl-C.")
    static final class Run extends WithConfig implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            FlagStreamConfig cfg = load(config);
            FlagStreamApp app = FlagStreamApp.start(cfg, SchemaRegistryClients.create(cfg.schemaRegistry()), Clock.systemUTC());
            // SIGTERM (docker stop, Kubernetes) and Ctrl-C: close Streams cleanly so offsets and state are committed.
            Thread hook = new Thread(app::close, "flagstream-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean clean = app.awaitStop();
            return clean ? 0 : 1;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Print the topology: every source, processor, store and topic by name.")
    static final class Describe extends WithConfig implements Callable<Integer> {
        @Override
        public Integer call() {
            FlagStreamConfig cfg = load(config);
            var props = StreamsProperties.from(cfg.kafka());
            var topics = Topics.create(cfg.topics(), SchemaRegistryClients.create(cfg.schemaRegistry()));
            System.out.println(FlagStreamTopology.build(cfg, topics, Clock.systemUTC(), props).describe());
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Print every setting in force (defaults included, secrets masked) and its environment variable.")
    static final class Config extends WithConfig implements Callable<Integer> {
        @Override
        public Integer call() {
            Map<String, String> props = config == null ? Map.of() : ConfigLoader.readProperties(config);
            ConfigLoader.describe(props, System.getenv()).forEach((key, value) ->
                    System.out.printf("%s=%s    # %s%n", key, value, RawConfig.envName(key)));
            return 0;
        }
    }

    @Command(name = "reset-local-state", mixinStandardHelpOptions = true,
            description = "Delete this instance's local state directory (stores are restored from changelogs at the next start). Run only while the app is stopped.")
    static final class ResetLocalState extends WithConfig implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            FlagStreamConfig cfg = load(config);
            Path dir = cfg.kafka().stateDir().resolve(cfg.kafka().applicationId());
            if (!Files.exists(dir)) {
                System.out.println("No local state at " + dir);
                return 0;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            System.out.println("Deleted local state at " + dir);
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flagstream " + io.flagstream.BuildInfo.version()};
        }
    }
}
