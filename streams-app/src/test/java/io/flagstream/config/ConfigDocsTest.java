package io.flagstream.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists every setting the loader reads, so the reference cannot drift from the code; its
 * detector settings table is the one the declarations render, defaults and bounds included.
 */
class ConfigDocsTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    /** Run with -D{@value} (command below) to rewrite the detector table from the declarations. */
    private static final String REGENERATE = "flagstream.regenerateDocs";
    private static final String REGENERATE_COMMAND = "mvn -B -o -q -pl streams-app test -Dtest=ConfigDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";

    @Test
    void everySettingIsInTheConfigurationReference() throws IOException {
        String reference = Files.readString(REFERENCE);
        Map<String, String> settings = ConfigLoader.describe(Map.of(
                "flagstream.bootstrap.servers", "broker:9092",
                "flagstream.schema.registry.url", "mock://docs"), Map.of());

        assertThat(settings).hasSizeGreaterThan(50);
        assertThat(settings.keySet()).allSatisfy(key ->
                assertThat(reference).as("docs/configuration.md documents " + key).contains("`" + key + "`"));
    }

    @Test
    void theDetectorSettingsTableIsTheOneTheDeclarationsRender() throws IOException {
        String reference = Files.readString(REFERENCE);
        int begin = reference.indexOf(DetectorSettingsTable.BEGIN);
        int end = reference.indexOf(DetectorSettingsTable.END);
        assertThat(begin).as("docs/configuration.md has the detector settings table markers").isNotNegative();
        assertThat(end).as("docs/configuration.md has the end marker of the detector settings table").isGreaterThan(begin);
        String documented = reference.substring(begin, reference.indexOf('\n', end) + 1);
        String rendered = DetectorSettingsTable.markdown();

        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(REFERENCE, reference.replace(documented, rendered));
            return;
        }
        assertThat(documented)
                .as("the detector settings table of docs/configuration.md differs from the detectors' declarations;"
                        + " regenerate it with: " + REGENERATE_COMMAND)
                .isEqualTo(rendered);
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
