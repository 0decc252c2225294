package io.flagstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.config.ApiTokens;
import io.flagstream.config.ConfigException;
import io.flagstream.config.HttpSettings;
import io.flagstream.testing.SelfSignedCertificate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The data API's door: bearer tokens, its own threads apart from the probes', and HTTPS. */
@Timeout(60)
class DataApiServerTest {
    private static final String TOKEN = "soc-token-0123456789abcdef";
    private static final ApiTokens TOKENS = ApiTokens.of(Map.of("soc", TOKEN));
    /** Answers every authenticated query with the account it was asked about. */
    private static final DataApiServer.Queries ECHO = (account, part, local, authorization) ->
            new AccountRiskHandler.Response(200, "{\"account\":\"" + account + "\"}");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersOnlyARequestWithAKnownBearerToken() throws Exception {
        try (DataApiServer api = new DataApiServer("127.0.0.1", api(2, null), null, ECHO)) {
            assertThat(get(http, "http", api.port(), null).statusCode()).as("no token").isEqualTo(401);
            assertThat(get(http, "http", api.port(), "Bearer soc-token-0123456789abcdeX").statusCode()).as("wrong token").isEqualTo(401);
            assertThat(get(http, "http", api.port(), "Basic " + TOKEN).statusCode()).as("not a bearer token").isEqualTo(401);
            assertThat(get(http, "http", api.port(), "Bearer " + TOKEN.substring(0, 20)).statusCode()).as("a prefix").isEqualTo(401);

            HttpResponse<String> ok = get(http, "http", api.port(), "Bearer " + TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"account\":\"acct-1\"");
        }
    }

    @Test
    void theRefusalSaysNothingAboutTheAccount() throws Exception {
        try (DataApiServer api = new DataApiServer("127.0.0.1", api(2, null), null, ECHO)) {
            HttpResponse<String> refused = get(http, "http", api.port(), null);

            assertThat(refused.body()).doesNotContain("acct-1");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"flagstream\"");
        }
    }

    @Test
    void probesAnswerWhileSlowClientsHoldEveryDataApiThread() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Socket> slow = new ArrayList<>();
        try (DataApiServer api = new DataApiServer("127.0.0.1", api(2, null), null, ECHO);
             HttpEndpoint probes = new HttpEndpoint("127.0.0.1", 0, () -> KafkaStreams.State.RUNNING, metrics)) {
            // More half-sent requests than the API has threads: each thread waits for the rest of its headers.
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), api.port());
                OutputStream out = s.getOutputStream();
                out.write("GET /accounts/acct-1/risk HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }

            for (String probe : List.of("/health", "/ready", "/metrics")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probes.port() + probe))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(probe).isEqualTo(200);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            metrics.close();
        }
    }

    @Test
    void servesHttpsWithTheConfiguredKeyStore(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "changeit");
        HttpSettings.Api settings = api(2, new HttpSettings.Tls(cert.keyStore(), "changeit", "PKCS12"));
        try (DataApiServer api = new DataApiServer("127.0.0.1", settings, ServerTls.context(settings.tls()), ECHO)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(cert.clientContext()).build();

            assertThat(get(trusting, "https", api.port(), "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(trusting, "https", api.port(), null).statusCode()).as("TLS does not replace the token").isEqualTo(401);
            assertThatThrownBy(() -> get(http, "https", api.port(), "Bearer " + TOKEN))
                    .as("a client that does not trust the certificate").hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aWrongKeyStorePasswordNamesTheSetting(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "changeit");

        assertThatThrownBy(() -> ServerTls.context(new HttpSettings.Tls(cert.keyStore(), "wrong", "PKCS12")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: flagstream.http.api.tls.keystore.password ");
    }

    private static HttpSettings.Api api(int threads, HttpSettings.Tls tls) {
        return new HttpSettings.Api(0, threads, TOKENS, tls, false);
    }

    private static HttpResponse<String> get(HttpClient client, String scheme, int port, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/accounts/acct-1/risk"))
                .timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
