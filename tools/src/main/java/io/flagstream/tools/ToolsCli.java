package io.flagstream.tools;

import io.flagstream.app.FlagStreamCli;
import io.flagstream.replay.BadLineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar flagstream-tools.jar simulate|replay|evaluate|produce}: the offline tools around the app, in a jar
 * of their own so that the app's jar and image carry neither the simulator nor the test driver the replay runs on.
 * Same command names, options and exit codes as when they were part of the app's CLI.
 */
@Command(name = "flagstream-tools", mixinStandardHelpOptions = true, versionProvider = ToolsCli.Version.class,
        description = "FlagStream's offline tools: simulate a platform, replay event files through the production topology,"
                + " score the alerts, produce test events onto the input topics.",
        subcommands = {SimulateCommand.class, ReplayCommand.class, ProduceCommand.class, EvaluateCommand.class})
public final class ToolsCli {
    private ToolsCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return FlagStreamCli.withExitCodes(new CommandLine(new ToolsCli()), e -> e instanceof BadLineException);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flagstream-tools " + io.flagstream.BuildInfo.version()};
        }
    }
}
