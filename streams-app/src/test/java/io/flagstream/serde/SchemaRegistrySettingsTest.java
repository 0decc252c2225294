package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistrySettingsTest {

    @TempDir
    Path dir;

    @Test
    void acceptsAMockScope() {
        SchemaRegistrySettings settings = SchemaRegistrySettings.forUrl("mock://payouts-test").validate();

        assertThat(settings.isMock()).isTrue();
        assertThat(settings.mockScope()).isEqualTo("payouts-test");
    }

    @Test
    void acceptsSeveralBaseUrlsAndDropsTrailingSlashes() {
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.forUrl("http://registry-1:8081/, https://registry-2:8081").validate();

        assertThat(settings.baseUrls())
                .containsExactly(URI.create("http://registry-1:8081"), URI.create("https://registry-2:8081"));
    }

    @Test
    void namesTheUrlSettingWhenItIsMissingOrNotAUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistrySettings.forUrl(" ").validate())
                .withMessageStartingWith("schema.registry.url is required");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistrySettings.forUrl("registry:8081").validate())
                .withMessageStartingWith("schema.registry.url must be mock://<scope> or http(s)://");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistrySettings.forUrl("mock://").validate())
                .withMessageStartingWith("schema.registry.url needs a scope name");
        assertThatIllegalArgumentException().isThrownBy(() -> SchemaRegistrySettings.forUrl("mock://a,mock://b").validate())
                .withMessageStartingWith("schema.registry.url may name only one mock:// scope");
    }

    @Test
    void namesTheUserInfoSettingWhenItIsNotUserColonPassword() {
        SchemaRegistrySettings settings = new SchemaRegistrySettings("https://registry:8081", "api-key-without-secret",
                null, null, null, null, null, null, SchemaRegistrySettings.DEFAULT_TIMEOUT);

        assertThatIllegalArgumentException().isThrownBy(settings::validate)
                .withMessage("basic.auth.user.info must have the form user:password");
    }

    @Test
    void namesTheTrustStoreSettingsWhenTheFileIsMissingOrTheTypeUnknown() throws IOException {
        Path missing = dir.resolve("missing.p12");
        Path present = Files.createFile(dir.resolve("truststore.p12"));

        assertThatIllegalArgumentException().isThrownBy(() -> new SchemaRegistrySettings("https://registry:8081", null,
                        missing, "secret", null, null, null, null, SchemaRegistrySettings.DEFAULT_TIMEOUT).validate())
                .withMessage("schema.registry.ssl.truststore.location names no readable file: " + missing);
        assertThatIllegalArgumentException().isThrownBy(() -> new SchemaRegistrySettings("https://registry:8081", null,
                        present, "secret", "PEMX", null, null, null, SchemaRegistrySettings.DEFAULT_TIMEOUT).validate())
                .withMessageStartingWith("schema.registry.ssl.truststore.type names an unknown key store type 'PEMX'");
    }

    @Test
    void namesTheKeyStorePasswordSettingWhenAKeyStoreHasNone() throws IOException {
        Path keyStore = Files.createFile(dir.resolve("keystore.p12"));

        assertThatIllegalArgumentException().isThrownBy(() -> new SchemaRegistrySettings("https://registry:8081", null,
                        null, null, null, keyStore, null, null, SchemaRegistrySettings.DEFAULT_TIMEOUT).validate())
                .withMessageStartingWith("schema.registry.ssl.keystore.password is required");
    }

    @Test
    void namesTheUrlSettingWhenTlsMaterialMeetsPlainHttp() throws IOException {
        Path trustStore = Files.createFile(dir.resolve("truststore.p12"));

        assertThatIllegalArgumentException().isThrownBy(() -> new SchemaRegistrySettings("http://registry:8081", null,
                        trustStore, null, null, null, null, null, SchemaRegistrySettings.DEFAULT_TIMEOUT).validate())
                .withMessage("schema.registry.url must use https:// when a trust store or key store is set,"
                        + " not 'http://registry:8081'");
    }

    @Test
    void namesTheTimeoutSettingWhenItIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SchemaRegistrySettings("http://registry:8081", null,
                        null, null, null, null, null, null, Duration.ZERO).validate())
                .withMessage("schema.registry.timeout must be a positive duration, not PT0S");
    }

    @Test
    void keepsSecretsOutOfToString() {
        SchemaRegistrySettings settings = new SchemaRegistrySettings("https://registry:8081", "api-key:api-secret",
                dir.resolve("t.p12"), "trust-secret", null, dir.resolve("k.p12"), "key-secret", null, Duration.ofSeconds(5));

        assertThat(settings.toString())
                .contains("api-key:****", "https://registry:8081")
                .doesNotContain("api-secret", "trust-secret", "key-secret");
    }
}
