package io.flagstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's own contract, spoken to with a bare HTTP client, as any Confluent client would. */
class LocalSchemaRegistryServerTest {

    private final LocalSchemaRegistryServer server = new LocalSchemaRegistryServer().start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listsTheSubjects() throws Exception {
        server.registry().register("payouts-value", Payout.getClassSchema());
        server.registry().register("logins-value", Login.getClassSchema());

        HttpResponse<String> response = send("GET", "/subjects", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"logins-value\",\"payouts-value\"]");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void registersAndServesASchemaInConfluentJson() throws Exception {
        HttpResponse<String> registered = send("POST", "/subjects/payouts-value/versions",
                "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"P\\\", \\\"fields\\\": []}\"}");
        HttpResponse<String> fetched = send("GET", "/schemas/ids/1", null);

        assertThat(registered.body()).isEqualTo("{\"id\":1}");
        assertThat(fetched.body()).isEqualTo("{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"P\\\",\\\"fields\\\":[]}\"}");
    }

    @Test
    void servesOnTheWildcardAddressWithoutRecordingWhenAsked() throws Exception {
        // As "flagstream-local registry" runs it in a container: all interfaces, no request log growing for ever.
        try (LocalSchemaRegistryServer open = LocalSchemaRegistryServer.builder()
                .listen(InetAddress.getByName("0.0.0.0"), 0).recordRequests(false).build().start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(open.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("[]");
            assertThat(open.requests()).isEmpty();
        }
    }

    @Test
    void answersErrorsWithConfluentErrorBodies() throws Exception {
        assertThat(send("GET", "/schemas/ids/7", null)).extracting(HttpResponse::statusCode, HttpResponse::body)
                .containsExactly(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        assertThat(send("POST", "/subjects/s-value/versions", "{\"schema\": \"not avro\"}").body())
                .startsWith("{\"error_code\":42201,\"message\":\"Invalid schema");
        assertThat(send("DELETE", "/subjects", null).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesRequestsWithoutTheConfiguredCredentials() throws Exception {
        try (LocalSchemaRegistryServer secured = LocalSchemaRegistryServer.builder().basicAuth("key:secret").build().start()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(secured.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error_code\":401,\"message\":\"Unauthorized\"}");
        }
    }

    @Test
    void hasAUrlOnlyWhileStartedAndStartsOnce() {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThatIllegalStateException().isThrownBy(server::start);

        server.close();

        assertThatIllegalStateException().isThrownBy(server::url);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
