package io.flagstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.tools.ToolsCli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code docker/compose.yaml} and its podman override {@code docker/compose.podman.yaml} as Docker Compose v2 reads
 * them: valid against the Compose Specification's own JSON schema ({@code compose-spec.json}, copied from
 * github.com/compose-spec/compose-spec, schema/compose-spec.json, commit 170098b; Debian's docker-compose 1.29
 * predates the top-level {@code name}), and what a run needs. Running the stack itself is not tested here (it takes
 * minutes and podman): docker/README.md shows a run.
 */
class ComposeFileTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final Path OVERRIDE = DOCKER.resolve("compose.podman.yaml");
    private static final Pattern JAR_COMMAND = Pattern.compile("java -jar /opt/flagstream/flagstream-tools\\.jar ([^\\n]*)");

    @ParameterizedTest
    @ValueSource(strings = {"compose.yaml", "compose.podman.yaml"})
    void isAValidComposeFile(String file) throws IOException {
        JsonNode compose = yaml(DOCKER.resolve(file));
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
        JsonNode app = yaml(COMPOSE).at("/services/app");
        assertThat(Duration.parse("PT" + app.path("stop_grace_period").asText().toUpperCase()))
                .isGreaterThan(FlagStreamApp.CLOSE_TIMEOUT);
        assertThat(yaml(OVERRIDE).at("/services/app/stop_grace_period").isMissingNode()).isTrue();
    }

    /** Each {@code flagstream-tools.jar} command of the simulator parses with the tools jar's own CLI (picocli): no unknown option. */
    @Test
    void theSimulatorRunsCommandsTheJarAccepts() throws IOException {
        String script = yaml(COMPOSE).at("/services/simulator/command").get(0).asText().replace("\\\n", " ");
        List<String> commands = new ArrayList<>();
        Matcher m = JAR_COMMAND.matcher(script);
        while (m.find()) {
            commands.add(m.group(1).trim());
        }
        assertThat(commands).extracting(c -> c.split("\\s+")[0]).containsExactly("simulate", "produce");
        for (String command : commands) {
            assertThat(command).as("split on spaces below").doesNotContain("\"", "'", "$");
            String[] args = command.split("\\s+");
            assertThatCode(() -> ToolsCli.commandLine().parseArgs(args)).as(command).doesNotThrowAnyException();
        }
        assertThat(Files.readString(COMPOSE)).doesNotContain("PLANNED");
    }

    /**
     * Podman runs health checks from systemd timers, so where there is no systemd (containers, CI) it never runs
     * them and a "service_healthy" condition waits forever: the override must replace every one.
     */
    @Test
    void theOverrideLeavesNoWaitForAHealthCheck() throws IOException {
        JsonNode base = yaml(COMPOSE).path("services");
        JsonNode override = yaml(OVERRIDE).path("services");
        base.properties().forEach(service -> service.getValue().path("depends_on").properties().forEach(dependency -> {
            String condition = override.path(service.getKey()).path("depends_on").path(dependency.getKey()).path("condition")
                    .asText(dependency.getValue().path("condition").asText());
            assertThat(condition).as(service.getKey() + " -> " + dependency.getKey()).isNotEqualTo("service_healthy");
        }));
        assertThat(override.fieldNames()).toIterable().isSubsetOf(iterable(base.fieldNames()));
    }

    /** Every image the override names is built by a service of the merged files, from a Dockerfile in the repository. */
    @Test
    void everyImageOfTheOverrideIsBuiltFromTheRepository() throws IOException {
        JsonNode base = yaml(COMPOSE).path("services");
        JsonNode override = yaml(OVERRIDE).path("services");
        Set<String> built = new HashSet<>();
        for (String name : iterable(base.fieldNames())) {
            JsonNode merged = override.has(name) ? override.get(name) : base.get(name);
            JsonNode build = override.path(name).has("build") ? override.path(name).path("build") : base.get(name).path("build");
            String image = merged.has("image") ? merged.get("image").asText() : base.get(name).path("image").asText();
            if (!build.isMissingNode()) {
                Path dockerfile = DOCKER.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText("Dockerfile"));
                assertThat(dockerfile).as(name).isRegularFile();
                assertThat(Files.readString(dockerfile)).as(name).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
                built.add(image.replaceFirst("^localhost/", ""));
            }
        }
        for (Map.Entry<String, JsonNode> service : override.properties()) {
            String image = service.getValue().path("image").asText(null);
            if (image != null) {
                assertThat(image).as(service.getKey()).startsWith("localhost/");
                assertThat(built).as(service.getKey()).contains(image.replaceFirst("^localhost/", ""));
            }
        }
        // Files the images copy that are not build output (target/) are in the repository.
        assertThat(DOCKER.resolve("kafka/bin/run-from-env.sh")).isExecutable();
        assertThat(DOCKER.resolve("kafka/bin/wait-for-broker.sh")).isExecutable();
        assertThat(DOCKER.resolve("local-compose.sh")).isExecutable();
    }

    /** The local broker image is the Kafka version the app is built with, and its tag says so. */
    @Test
    void theLocalBrokerHasTheBuildsKafkaVersion() throws IOException {
        Pattern version = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");
        Matcher root = version.matcher(Files.readString(Path.of("..", "pom.xml")));
        Matcher image = version.matcher(Files.readString(DOCKER.resolve("kafka/pom.xml")));
        assertThat(root.find()).isTrue();
        assertThat(image.find()).isTrue();
        assertThat(image.group(1)).isEqualTo(root.group(1));
        assertThat(yaml(OVERRIDE).at("/services/kafka/image").asText()).isEqualTo("localhost/flagstream-kafka:" + root.group(1));
        assertThat(yaml(COMPOSE).at("/services/kafka/image").asText()).isEqualTo("apache/kafka:" + root.group(1));
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
