package io.flagstream.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md's settings tables are the ones the declarations render, defaults and bounds included, and
 * the declarations are exactly the settings the loader reads, so the reference cannot drift from the code.
 */
class ConfigDocsTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    /** Run with -D{@value} (command below) to rewrite the tables from the declarations. */
    private static final String REGENERATE = "flagstream.regenerateDocs";
    private static final String REGENERATE_COMMAND = "mvn -B -o -q -pl streams-app test -Dtest=ConfigDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";

    @Test
    void everySettingTheLoaderReadsIsDeclaredInATable() {
        Map<String, String> settings = ConfigLoader.describe(Map.of(
                "flagstream.bootstrap.servers", "broker:9092",
                "flagstream.schema.registry.url", "mock://docs"), Map.of());
        Set<String> declared = SettingsTables.all().stream().flatMap(table -> table.rows().stream())
                .map(SettingsTables.Row::key).collect(Collectors.toSet());

        assertThat(settings).hasSizeGreaterThan(50);
        assertThat(declared).as("settings declared but not read by the loader").isEqualTo(settings.keySet());
    }

    @Test
    void theSettingsTablesAreTheOnesTheDeclarationsRender() throws IOException {
        String reference = Files.readString(REFERENCE);
        String regenerated = reference;
        for (SettingsTables.Table table : SettingsTables.all()) {
            int begin = reference.indexOf(table.begin());
            int end = reference.indexOf(table.end());
            assertThat(begin).as("docs/configuration.md has the markers of the " + table.name() + " table").isNotNegative();
            assertThat(end).as("docs/configuration.md has the end marker of the " + table.name() + " table").isGreaterThan(begin);
            String documented = reference.substring(begin, reference.indexOf('\n', end) + 1);
            String rendered = table.markdown();
            if (Boolean.getBoolean(REGENERATE)) {
                regenerated = regenerated.replace(documented, rendered);
                continue;
            }
            assertThat(documented)
                    .as("the " + table.name() + " table of docs/configuration.md differs from the declarations;"
                            + " regenerate it with: " + REGENERATE_COMMAND)
                    .isEqualTo(rendered);
        }
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(REFERENCE, regenerated);
        }
    }

    @Test
    void theConfigCommandMasksSecrets() {
        Map<String, String> settings = ConfigLoader.describe(Map.of(
                "flagstream.bootstrap.servers", "broker:9092",
                "flagstream.schema.registry.url", "https://registry:8081",
                "flagstream.basic.auth.user.info", "svc:s3cret"), Map.of());

        assertThat(settings).containsEntry("flagstream.basic.auth.user.info", "****");
    }
}
