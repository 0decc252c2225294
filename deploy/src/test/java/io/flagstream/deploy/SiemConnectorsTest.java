package io.flagstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kafka Connect sinks in {@code siem/}: each a Connect REST request for the findings topic that keeps the
 * finding uid as a string key and passes the OCSF JSON on unchanged, with no secret written into the file.
 */
class SiemConnectorsTest {
    private static final String FINDINGS_TOPIC = "flagstream-findings";
    private static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
    private static final List<String> PASS_JSON_ON = List.of(STRING, "org.apache.kafka.connect.json.JsonConverter");

    @ParameterizedTest
    @ValueSource(strings = {"splunk-hec.json", "elasticsearch.json", "http.json"})
    void forwardsTheFindingsTopicAsJsonKeyedByFindingUid(String file) throws IOException {
        JsonNode request = new ObjectMapper().readTree(Path.of("siem", file).toFile());
        JsonNode config = request.path("config");
        assertThat(request.path("name").asText()).startsWith("flagstream-findings-");
        assertThat(config.path("connector.class").asText()).isNotBlank();
        assertThat(config.path("topics").asText()).isEqualTo(FINDINGS_TOPIC);
        assertThat(config.path("key.converter").asText()).isEqualTo(STRING);
        assertThat(config.path("value.converter").asText()).isIn(PASS_JSON_ON);
        if (config.path("value.converter").asText().endsWith("JsonConverter")) {
            assertThat(config.path("value.converter.schemas.enable").asText()).as("plain JSON, no Connect envelope").isEqualTo("false");
        }
        config.properties().forEach(e -> {
            if (e.getKey().matches(".*(token|password|authorization)$")) {
                assertThat(e.getValue().asText()).as("%s comes from a config provider", e.getKey()).startsWith("${file:");
            }
        });
    }
}
