package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.testing.LocalSchemaRegistryServer.RecordedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private final LocalSchemaRegistryServer server = new LocalSchemaRegistryServer().start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void registersASchemaAndFetchesItBackById() {
        int id = client().register("payouts-value", Payout.getClassSchema());

        assertThat(id).isEqualTo(1);
        assertThat(client().schemaById(id)).isEqualTo(Payout.getClassSchema());
    }

    @Test
    void getsStableIdsAcrossSubjectsAndClients() {
        int payoutId = client().register("payouts-value", Payout.getClassSchema());
        int loginId = client().register("logins-value", Login.getClassSchema());

        assertThat(client().register("payouts-retry-value", Payout.getClassSchema())).isEqualTo(payoutId);
        assertThat(client().register("logins-value", Login.getClassSchema())).isEqualTo(loginId);
        assertThat(loginId).isNotEqualTo(payoutId);
    }

    @Test
    void sendsWhatConfluentSchemaRegistryExpects() throws IOException {
        client().register("payouts-value", Payout.getClassSchema());

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/payouts-value/versions");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(request.body()))
                .isEqualTo(json.createObjectNode().put("schema", Payout.getClassSchema().toString()));
    }

    @Test
    void fetchesBySchemaIdWithAPlainGet() {
        int id = server.registry().register("payouts-value", Payout.getClassSchema());

        client().schemaById(id);

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/schemas/ids/" + id);
        assertThat(request.body()).isEmpty();
    }

    @Test
    void percentEncodesTheSubject() {
        client().register("odd topic/ä+1-value", Payout.getClassSchema());

        assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/odd%20topic%2F%C3%A4%2B1-value/versions");
        assertThat(server.registry().subjects()).containsExactly("odd topic/ä+1-value");
    }

    @Test
    void asksTheRegistryOnlyOncePerSchemaAndSubjectAndPerId() {
        HttpSchemaRegistryClient client = client();
        int payoutId = server.registry().register("payouts-value", Payout.getClassSchema());

        for (int i = 0; i < 10; i++) {
            client.register("logins-value", Login.getClassSchema());
            client.schemaById(payoutId);
        }
        // The schema it registered itself needs no fetch.
        client.schemaById(client.register("logins-value", Login.getClassSchema()));

        assertThat(server.requests()).extracting(RecordedRequest::method, RecordedRequest::rawPath).containsExactly(
                tuple("POST", "/subjects/logins-value/versions"),
                tuple("GET", "/schemas/ids/" + payoutId));
    }

    @Test
    void reportsAnUnknownIdWithTheRegistrysErrorCodeAndMessage() {
        assertThatThrownBy(() -> client().schemaById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(404);
                    assertThat(e.errorCode()).hasValue(40403);
                })
                .hasMessage("Schema registry " + server.url() + " refused GET /schemas/ids/42:"
                        + " HTTP 404, error_code 40403: Schema not found");
    }

    @Test
    void sendsBasicAuthCredentialsUpFront() {
        try (LocalSchemaRegistryServer secured = LocalSchemaRegistryServer.builder().basicAuth("key:secret").build().start()) {
            int id = client(secured.url(), "key:secret").register("payouts-value", Payout.getClassSchema());

            assertThat(id).isEqualTo(1);
            assertThat(secured.requests()).singleElement().extracting(r -> r.header("Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("key:secret".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void reportsWrongOrMissingCredentialsPointingAtTheSetting() {
        try (LocalSchemaRegistryServer secured = LocalSchemaRegistryServer.builder().basicAuth("key:secret").build().start()) {
            assertThatThrownBy(() -> client(secured.url(), "key:wrong").register("payouts-value", Payout.getClassSchema()))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).hasValue(401))
                    .hasMessage("Schema registry " + secured.url() + " refused POST /subjects/payouts-value/versions:"
                            + " HTTP 401, error_code 401: Unauthorized (check basic.auth.user.info)");
            assertThatThrownBy(() -> client(secured.url(), null).schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).hasValue(401));
        }
    }

    @Test
    void triesTheNextBaseUrlWhenOneCannotBeReached() throws IOException {
        String down = "http://127.0.0.1:" + freePort();

        int id = client(down + "," + server.url(), null).register("payouts-value", Payout.getClassSchema());

        assertThat(id).isEqualTo(1);
    }

    @Test
    void reportsWhenNoBaseUrlCanBeReached() throws IOException {
        String down = "http://127.0.0.1:" + freePort();

        assertThatThrownBy(() -> client(down, null).schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("No schema registry answered GET /schemas/ids/1 (tried [" + down + "])")
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void servesTheWireSerdeEndToEnd() {
        AvroWireSerde<Payout> writer = new AvroWireSerde<>(Payout.class, client(), false);
        AvroWireSerde<Payout> reader = new AvroWireSerde<>(Payout.class, client(), false);

        byte[] bytes = writer.serializer().serialize("payouts", SampleRecords.payout(1));

        assertThat(reader.deserializer().deserialize("payouts", bytes)).isEqualTo(SampleRecords.payout(1));
        assertThat(server.registry().subjects()).containsExactly("payouts-value");
    }

    private HttpSchemaRegistryClient client() {
        return client(server.url(), null);
    }

    private static HttpSchemaRegistryClient client(String url, String userInfo) {
        return new HttpSchemaRegistryClient(new SchemaRegistrySettings(url, userInfo, null, null, null, null, null, null,
                SchemaRegistrySettings.DEFAULT_TIMEOUT));
    }

    /** A loopback port nobody listens on (it was free a moment ago). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
