package io.flagstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The tools keep the command names they had in the app's CLI (the docs only change the jar), and each answers --help. */
class ToolsCliHelpTest {

    @Test
    void offersTheFourToolsAndEachAnswersHelp() {
        assertThat(ToolsCli.commandLine().getSubcommands().keySet())
                .containsExactlyInAnyOrder("simulate", "replay", "evaluate", "produce");
        for (String command : ToolsCli.commandLine().getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            int exitCode = ToolsCli.commandLine().setOut(new PrintWriter(out)).execute(command, "--help");
            assertThat(exitCode).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("Usage: flagstream-tools " + command);
        }
    }
}
