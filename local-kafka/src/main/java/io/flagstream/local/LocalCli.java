package io.flagstream.local;

import io.flagstream.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code java -jar local-kafka/target/flagstream-local.jar demo}: the local stack's commands. */
@Command(name = "flagstream-local", mixinStandardHelpOptions = true,
        description = "FlagStream on an embedded Apache Kafka broker (KRaft), for trying it out locally.",
        subcommands = {LocalCli.Demo.class})
public final class LocalCli {
    private LocalCli() {
    }

    public static void main(String[] args) {
        // streams-app's jar carries the production logback.xml; the local stack wants the quieter one. Set
        // before the first logger exists.
        System.setProperty("logback.configurationFile", "logback-local.xml");
        System.exit(new CommandLine(new LocalCli()).execute(args));
    }

    @Command(name = "demo", description = "Start a broker, stream seeded platform traffic with planted operator behaviour "
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

        @Option(names = "--timeout", defaultValue = "180s", description = "Give up after this long (default ${DEFAULT-VALUE}).",
                converter = DurationConverter.class)
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            return new LocalDemo(seed, accounts, days, teams, daysPerSecond, timeout, System.out).run() ? 0 : 1;
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
