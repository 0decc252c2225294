package io.flagstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} with its usage and exit code 0, without running anything. */
class CliHelpTest {

    @Test
    void everySubcommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(FlagStreamCli.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(12);
        for (List<String> path : paths) {
            CommandLine cli = FlagStreamCli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(cli.execute(args.toArray(String[]::new))).as("exit code of %s", args).isZero();
            assertThat(out.toString()).as("output of %s", args).startsWith("Usage: flagstream");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, paths);
        });
    }
}
