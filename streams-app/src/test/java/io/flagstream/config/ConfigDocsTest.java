package io.flagstream.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md lists every setting the loader reads, so the reference cannot drift from the code. */
class ConfigDocsTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

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
    void theConfigCommandMasksSecrets() {
        Map<String, String> settings = ConfigLoader.describe(Map.of(
                "flagstream.bootstrap.servers", "broker:9092",
                "flagstream.schema.registry.url", "https://registry:8081",
                "flagstream.basic.auth.user.info", "svc:s3cret"), Map.of());

        assertThat(settings).containsEntry("flagstream.basic.auth.user.info", "****");
    }
}
