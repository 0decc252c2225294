package io.flagstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints and error codes Confluent's serializers call (found by running @confluentinc/schemaregistry
 * against the server): versions, latest, lookup, references, compatibility.
 */
class LocalSchemaRegistryServerConfluentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = record("{\"name\": \"id\", \"type\": \"string\"}");
    private static final String V2_WITH_DEFAULT = record("{\"name\": \"id\", \"type\": \"string\"},"
            + " {\"name\": \"note\", \"type\": \"string\", \"default\": \"\"}");
    private static final String V2_WITHOUT_DEFAULT = record("{\"name\": \"id\", \"type\": \"string\"},"
            + " {\"name\": \"note\", \"type\": \"string\"}");

    private final LocalSchemaRegistryServer server = new LocalSchemaRegistryServer().start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesVersionsLatestAndVersionNumbers() throws Exception {
        register("t-value", V1, null);
        register("t-value", V2_WITH_DEFAULT, null);

        assertThat(send("GET", "/subjects/t-value/versions", null).body()).isEqualTo("[1,2]");
        JsonNode latest = json(send("GET", "/subjects/t-value/versions/latest", null));
        assertThat(latest.get("subject").asText()).isEqualTo("t-value");
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(json(send("GET", "/subjects/t-value/versions/1", null)).get("id").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/subjects/t-value/versions/1/schema", null)).get("name").asText()).isEqualTo("T");
    }

    @Test
    void looksASchemaUpUnderASubjectWithoutRegisteringIt() throws Exception {
        register("t-value", V1, null);

        JsonNode found = json(send("POST", "/subjects/t-value", body(V1, null)));
        HttpResponse<String> notThere = send("POST", "/subjects/t-value", body(V2_WITH_DEFAULT, null));
        HttpResponse<String> noSubject = send("POST", "/subjects/other-value", body(V1, null));

        assertThat(found.get("id").asInt()).isEqualTo(1);
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(errorCode(notThere)).isEqualTo(40403);
        assertThat(errorCode(noSubject)).isEqualTo(40401);
        assertThat(send("GET", "/subjects/t-value/versions", null).body()).isEqualTo("[1]");
    }

    @Test
    void answersConfluentErrorCodesForMissingSubjectsAndVersions() throws Exception {
        register("t-value", V1, null);

        assertThat(errorCode(send("GET", "/subjects/nope/versions", null))).isEqualTo(40401);
        assertThat(errorCode(send("GET", "/subjects/nope/versions/latest", null))).isEqualTo(40401);
        assertThat(errorCode(send("GET", "/subjects/t-value/versions/7", null))).isEqualTo(40402);
        assertThat(errorCode(send("GET", "/subjects/t-value/versions/x", null))).isEqualTo(42202);
        assertThat(errorCode(send("GET", "/schemas/ids/9", null))).isEqualTo(40403);
    }

    @Test
    void registersAndServesASchemaWithReferences() throws Exception {
        register("instrument", "{\"type\": \"record\", \"name\": \"Instrument\", \"namespace\": \"x\","
                + " \"fields\": [{\"name\": \"fp\", \"type\": \"string\"}]}", null);
        String refs = "[{\"name\": \"x.Instrument\", \"subject\": \"instrument\", \"version\": 1}]";
        String payout = "{\"type\": \"record\", \"name\": \"Payout\", \"namespace\": \"x\","
                + " \"fields\": [{\"name\": \"to\", \"type\": \"Instrument\"}]}";

        HttpResponse<String> registered = send("POST", "/subjects/p-value/versions", body(payout, refs));
        JsonNode byId = json(send("GET", "/schemas/ids/" + json(registered).get("id").asInt(), null));

        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(byId.get("references")).isEqualTo(JSON.readTree(refs));
        assertThat(JSON.readTree(byId.get("schema").asText())).isEqualTo(JSON.readTree(payout));
        assertThat(json(send("GET", "/subjects/p-value/versions/latest", null)).get("references")).isEqualTo(JSON.readTree(refs));
        assertThat(json(send("POST", "/subjects/p-value", body(payout, refs))).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void refusesEveryBadSchemaWith42201InsteadOfDroppingTheConnection() throws Exception {
        String usesUnknownType = record("{\"name\": \"to\", \"type\": \"Instrument\"}");
        String badDefault = record("{\"name\": \"n\", \"type\": \"int\", \"default\": \"not a number\"}");
        String missingReference = "[{\"name\": \"Instrument\", \"subject\": \"nowhere\", \"version\": 1}]";

        for (HttpResponse<String> response : List.of(
                send("POST", "/subjects/t-value/versions", body("not json", null)),
                send("POST", "/subjects/t-value/versions", body(usesUnknownType, null)),
                send("POST", "/subjects/t-value/versions", body(badDefault, null)),
                send("POST", "/subjects/t-value/versions", body(usesUnknownType, missingReference)))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            assertThat(errorCode(response)).isEqualTo(42201);
        }
    }

    @Test
    void checksBackwardCompatibilityByDefaultAndRefusesWith409() throws Exception {
        register("t-value", V1, null);

        HttpResponse<String> incompatible = send("POST", "/subjects/t-value/versions", body(V2_WITHOUT_DEFAULT, null));
        HttpResponse<String> compatible = send("POST", "/subjects/t-value/versions", body(V2_WITH_DEFAULT, null));

        assertThat(incompatible.statusCode()).isEqualTo(409);
        assertThat(errorCode(incompatible)).isEqualTo(409);
        assertThat(compatible.statusCode()).isEqualTo(200);
        assertThat(json(send("GET", "/config", null)).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void answersCompatibilityChecksAndHonoursASubjectsLevel() throws Exception {
        register("t-value", V1, null);

        JsonNode check = json(send("POST", "/compatibility/subjects/t-value/versions/latest", body(V2_WITHOUT_DEFAULT, null)));
        assertThat(check.get("is_compatible").asBoolean()).isFalse();
        assertThat(check.get("messages")).isNotEmpty();

        assertThat(send("PUT", "/config/t-value", "{\"compatibility\": \"NONE\"}").body()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(json(send("GET", "/config/t-value", null)).get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(json(send("POST", "/compatibility/subjects/t-value/versions/latest", body(V2_WITHOUT_DEFAULT, null)))
                .get("is_compatible").asBoolean()).isTrue();
        assertThat(send("POST", "/subjects/t-value/versions", body(V2_WITHOUT_DEFAULT, null)).statusCode()).isEqualTo(200);
        assertThat(errorCode(send("PUT", "/config/t-value", "{\"compatibility\": \"SIDEWAYS\"}"))).isEqualTo(42203);
    }

    private void register(String subject, String schema, String references) throws Exception {
        HttpResponse<String> response = send("POST", "/subjects/" + subject + "/versions", body(schema, references));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String record(String fields) {
        return "{\"type\": \"record\", \"name\": \"T\", \"fields\": [" + fields + "]}";
    }

    private static String body(String schema, String references) throws IOException {
        var body = JSON.createObjectNode().put("schema", schema);
        if (references != null) {
            body.set("references", JSON.readTree(references));
        }
        return body.toString();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int errorCode(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("error_code").asInt();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
