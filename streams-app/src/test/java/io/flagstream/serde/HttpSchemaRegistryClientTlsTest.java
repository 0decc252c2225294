package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.events.Payout;
import io.flagstream.testing.LocalSchemaRegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a registry with a self-signed certificate for 127.0.0.1, requiring a client certificate
 * (mutual TLS). One key pair plays both parts: the server's and the client's certificate.
 */
class HttpSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static Path keyStore;
    static Path trustStore;
    static LocalSchemaRegistryServer server;

    @BeforeAll
    static void startHttpsRegistry() throws Exception {
        keyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        generateSelfSignedKeyPair(keyStore);
        writeTrustStoreWithTheCertificateOf(keyStore, trustStore);
        server = LocalSchemaRegistryServer.builder().tls(serverContext(), true).build().start();
    }

    @AfterAll
    static void stopRegistry() {
        server.close();
    }

    @Test
    void talksMutualTlsWithTheConfiguredTrustStoreAndKeyStore() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                settings(trustStore, PASSWORD, keyStore, PASSWORD));

        int id = client.register("payouts-value", Payout.getClassSchema());

        assertThat(server.url()).startsWith("https://");
        assertThat(server.registry().schemaById(id)).isEqualTo(Payout.getClassSchema());
    }

    @Test
    void failsTheHandshakeWithoutTrustInTheRegistrysCertificate() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(settings(null, null, keyStore, PASSWORD));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("No schema registry answered GET /schemas/ids/1")
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void isRefusedWithoutAClientCertificate() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(settings(trustStore, PASSWORD, null, null));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("No schema registry answered GET /schemas/ids/1");
    }

    @Test
    void namesTheSettingWhenAStoreCannotBeOpened() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HttpSchemaRegistryClient(settings(trustStore, "wrong", null, null)))
                .withMessageStartingWith("schema.registry.ssl.truststore.location " + trustStore + " cannot be loaded as PKCS12");
    }

    private SchemaRegistrySettings settings(Path trust, String trustPassword, Path key, String keyPassword) {
        return new SchemaRegistrySettings(server.url(), null, trust, trustPassword, null, key, keyPassword, null,
                SchemaRegistrySettings.DEFAULT_TIMEOUT);
    }

    /** keytool ships with every JDK; Java has no public API to issue a certificate. */
    private static void generateSelfSignedKeyPair(Path store) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "registry",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool exit code; output: %s", output).isZero();
    }

    private static void writeTrustStoreWithTheCertificateOf(Path keyStorePath, Path trustStorePath)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("registry", load(keyStorePath).getCertificate("registry"));
        try (OutputStream out = Files.newOutputStream(trustStorePath)) {
            trust.store(out, PASSWORD.toCharArray());
        }
    }

    private static SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
