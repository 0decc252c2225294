package io.flagstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.yaml} as Docker Compose v2 reads it: valid against the Compose Specification's own JSON
 * schema ({@code compose-spec.json}, copied from github.com/compose-spec/compose-spec, schema/compose-spec.json,
 * commit 170098b; Debian's docker-compose 1.29 predates the top-level {@code name}), and what a run needs.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("..", "docker", "compose.yaml");
    /** FlagStreamApp closes Kafka Streams with this timeout on SIGTERM. */
    private static final Duration APP_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void isAValidComposeFile() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(COMPOSE.toFile());
        ObjectNode specJson;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec.json")) {
            specJson = (ObjectNode) new ObjectMapper().readTree(in);
        }
        // Its $id is relative ("compose_spec.json"), which the validator refuses as a base: give it the absolute one.
        specJson.put("$id", "https://raw.githubusercontent.com/compose-spec/compose-spec/main/schema/compose-spec.json");
        Schema spec = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(specJson.toString());
        assertThat(spec.validate(compose.toString(), InputFormat.JSON)).isEmpty();
    }

    @Test
    void givesTheAppMoreThanItsCloseTimeoutBeforeSigkill() throws IOException {
        JsonNode app = new YAMLMapper().readTree(COMPOSE.toFile()).at("/services/app");
        assertThat(Duration.parse("PT" + app.path("stop_grace_period").asText().toUpperCase()))
                .isGreaterThan(APP_CLOSE_TIMEOUT);
    }

    @Test
    void theSimulatorRunsCommandsTheJarHas() throws IOException {
        JsonNode simulator = new YAMLMapper().readTree(COMPOSE.toFile()).at("/services/simulator");
        String script = simulator.path("command").get(0).asText();
        assertThat(script).contains("flagstream.jar simulate --out", "flagstream.jar produce --events")
                .doesNotContain("--config");
        assertThat(Files.readString(COMPOSE)).doesNotContain("PLANNED");
    }
}
