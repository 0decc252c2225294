package io.flagstream.config;

import io.flagstream.detect.paymentchurn.PaymentMethodChurnSettings;
import io.flagstream.detect.sharedinstrument.SharedInstrumentSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final Map<String, String> MINIMAL = Map.of(
            "flagstream.bootstrap.servers", "broker:9092",
            "flagstream.schema.registry.url", "http://registry:8081");

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() {
        FlagStreamConfig c = ConfigLoader.load(MINIMAL, Map.of());

        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(c.kafka().applicationId()).isEqualTo("flagstream");
        assertThat(c.kafka().processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(c.kafka().standbyReplicas()).isEqualTo(1);
        assertThat(c.kafka().groupInstanceId()).isNull();
        assertThat(c.kafka().commitInterval()).as("exactly-once: alerts visible at commit").isEqualTo(Duration.ofMillis(100));
        assertThat(c.topics()).isEqualTo(new TopicNames("payouts", "logins", "account-changes", "flagstream-alerts", "flagstream-dead-letter",
                "flagstream-findings", "flagstream-config", "flagstream-allow-list", "flagstream-watch-list", "flagstream-live-state", "flagstream-audit"));
        assertThat(c.detectors().of(SharedInstrumentSettings.DECLARATION).minAccounts()).isEqualTo(3);
        assertThat(c.detectors().of(SharedInstrumentSettings.DECLARATION).common().window()).isEqualTo(Duration.ofDays(7));
        assertThat(c.detectors().of(PaymentMethodChurnSettings.DECLARATION).minChanges()).isEqualTo(3);
        assertThat(c.detectors().of(PaymentMethodChurnSettings.DECLARATION).common().window()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theCommitIntervalDefaultsToOneSecondUnderAtLeastOnceAndAGivenOneWinsUnderEither() {
        assertThat(load("flagstream.processing.guarantee", "at_least_once").kafka().commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(load("flagstream.commit.interval", "250ms").kafka().commitInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aPropertiesFileOverridesDefaultsAndTheEnvironmentOverridesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, """
                flagstream.bootstrap.servers=file:9092
                flagstream.schema.registry.url=mock://x
                flagstream.detector.a16-shared-payout-instrument.min-accounts=5
                flagstream.processing.guarantee=exactly_once_v2
                """);

        FlagStreamConfig c = ConfigLoader.load(file, Map.of(
                "FLAGSTREAM_BOOTSTRAP_SERVERS", "env:9092",
                "FLAGSTREAM_DETECTOR_A17_PAYMENT_METHOD_CHURN_WINDOW", "14d",
                "PATH", "/usr/bin"));

        assertThat(c.kafka().bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.detectors().of(SharedInstrumentSettings.DECLARATION).minAccounts()).isEqualTo(5);
        assertThat(c.kafka().processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(c.detectors().of(PaymentMethodChurnSettings.DECLARATION).common().window()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aKafkaClientKeyThatFlagStreamSetsItselfIsRefusedNamingTheSettingToUse() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.kafka.state.dir", "/data");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: flagstream.kafka.state.dir sets the Kafka setting 'state.dir', which FlagStream"
                        + " sets from flagstream.state.dir: set flagstream.state.dir instead");
        assertThatThrownBy(() -> ConfigLoader.load(MINIMAL, Map.of("FLAGSTREAM_KAFKA_NUM_STREAM_THREADS", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FLAGSTREAM_KAFKA_NUM_STREAM_THREADS").hasMessageContaining("flagstream.stream.threads");
    }

    @Test
    void theConfigCommandShowsKafkaClientSettingsWithTheirSecretsMasked() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.kafka.sasl.mechanism", "SCRAM-SHA-512");
        props.put("flagstream.kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"app\" password=\"s3cret\";");
        Map<String, String> shown = ConfigLoader.describe(props, Map.of("FLAGSTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit"));
        assertThat(shown).containsEntry("flagstream.kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("flagstream.kafka.sasl.jaas.config", "****")
                .containsEntry("flagstream.kafka.ssl.truststore.password", "****");
    }

    @Test
    void aKafkaTrustStoreThatCannotBeOpenedStopsStartUpNamingTheSetting(@TempDir Path dir) throws IOException {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.kafka.ssl.truststore.location", dir.resolve("missing.jks").toString());
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("flagstream.kafka.ssl.truststore.location names no readable file");
        Path notAStore = Files.writeString(dir.resolve("trust.p12"), "not a key store");
        props.put("flagstream.kafka.ssl.truststore.location", notAStore.toString());
        props.put("flagstream.kafka.ssl.truststore.type", "PKCS12");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("flagstream.kafka.ssl.truststore.location does not open the key store");
    }

    @Test
    void kafkaClientSettingsPassThroughFromFileAndEnvironment() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.kafka.security.protocol", "SASL_SSL");

        FlagStreamConfig c = ConfigLoader.load(props, Map.of("FLAGSTREAM_KAFKA_SASL_MECHANISM", "PLAIN"));

        assertThat(c.kafka().clientOverrides())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void readsTheSchemaRegistryWritingAndOutageSettings() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        props.put("flagstream.auto.register.schemas", "false");
        props.put("flagstream.use.latest.version", "true");
        props.put("flagstream.schema.registry.missing.cache.ttl", "5s");
        props.put("flagstream.schema.registry.outage.max.pause", "90s");

        var registry = ConfigLoader.load(props, Map.of()).schemaRegistry();

        assertThat(registry.subjectNameStrategy()).isEqualTo(io.flagstream.serde.SubjectNameStrategy.RECORD_NAME);
        assertThat(registry.autoRegisterSchemas()).isFalse();
        assertThat(registry.useLatestVersion()).isTrue();
        assertThat(registry.missingCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(registry.outageMaxPause()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThatThrownBy(() -> load("flagstream.value.subject.name.strategy", "ByColour"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flagstream.value.subject.name.strategy");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("flagstream.schema.registry.url", "mock://x"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: flagstream.bootstrap.servers is required but not set");
    }

    @Test
    void aMalformedNumberIsNamedWithItsValue() {
        assertThatThrownBy(() -> load("flagstream.detector.a16-shared-payout-instrument.min-accounts", "three"))
                .hasMessageContaining("flagstream.detector.a16-shared-payout-instrument.min-accounts")
                .hasMessageContaining("'three'");
    }

    @Test
    void anUnknownLoginKindIsNamed() {
        assertThatThrownBy(() -> load("flagstream.detector.a1-account-many-ips.login-kinds", "LOGIN_SUCCESS,ACTIVTY"))
                .hasMessageContaining("flagstream.detector.a1-account-many-ips.login-kinds")
                .hasMessageContaining("'ACTIVTY'");
    }

    @Test
    void anUnknownIpTypeIsNamed() {
        assertThatThrownBy(() -> load("flagstream.clusters.ignored-ip-types", "MOBILE,VNP"))
                .hasMessageContaining("flagstream.clusters.ignored-ip-types")
                .hasMessageContaining("'VNP'");
    }

    @Test
    void anAdvertisedHostNeedsAFixedDataApiPortForPeersToForwardTo() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.http.advertised-host", "app-1.internal");
        props.put("flagstream.http.api.port", "8081");
        props.put("flagstream.http.api.tokens", "soc:0123456789abcdef0123");
        assertThat(ConfigLoader.load(props, Map.of()).http().applicationServer()).isEqualTo("app-1.internal:8081");
        props.put("flagstream.http.api.port", "0");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageContaining("flagstream.http.advertised-host needs a fixed flagstream.http.api.port (not 0)");
    }

    @Test
    void theHttpListenersBindToLoopbackAndTheDataApiIsOffByDefault() {
        HttpSettings http = ConfigLoader.load(MINIMAL, Map.of()).http();
        assertThat(http.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(http.api().enabled()).isFalse();
        assertThat(http.api().showSharedValues()).isFalse();
    }

    @Test
    void theDataApiNeedsATokenAndRefusesShortOnes() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.http.api.port", "8081");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageStartingWith("Invalid configuration: flagstream.http.api.tokens-file or flagstream.http.api.tokens must give at least one");
        props.put("flagstream.http.api.tokens", "soc:short");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageStartingWith("Invalid configuration: flagstream.http.api.tokens has a token for 'soc' shorter than 16");
    }

    @Test
    void tokensComeFromAFileOrAnEnvironmentSecretAndNeverShowInTheConfigCommand(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# client:token\nsoc-dashboard:aaaaaaaaaaaaaaaaaaaa\n\n");
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.http.api.port", "8081");
        props.put("flagstream.http.api.tokens-file", file.toString());
        Map<String, String> env = Map.of("FLAGSTREAM_HTTP_API_TOKENS", "oncall:bbbbbbbbbbbbbbbbbbbb");

        ApiTokens tokens = ConfigLoader.load(props, env).http().api().tokens();

        assertThat(tokens.clientFor("Bearer aaaaaaaaaaaaaaaaaaaa")).isEqualTo("soc-dashboard");
        assertThat(tokens.clientFor("bearer bbbbbbbbbbbbbbbbbbbb")).isEqualTo("oncall");
        assertThat(tokens.clientFor("Bearer cccccccccccccccccccc")).isNull();
        assertThat(tokens.toString()).doesNotContain("aaaa");
        assertThat(ConfigLoader.describe(props, env)).containsEntry("flagstream.http.api.tokens", "****");
    }

    @Test
    void aMissingKeyStoreOrTokensFileIsNamed() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.http.api.tls.keystore.location", "/nonexistent/server.p12");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageStartingWith("Invalid configuration: flagstream.http.api.tls.keystore.location is not a readable file");
        props.clear();
        props.putAll(MINIMAL);
        props.put("flagstream.http.api.tokens-file", "/nonexistent/tokens");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageStartingWith("Invalid configuration: flagstream.http.api.tokens-file cannot be read");
        props.clear();
        props.putAll(MINIMAL);
        props.put("flagstream.http.bind-address", "no-such-host.invalid");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of()))
                .hasMessageStartingWith("Invalid configuration: flagstream.http.bind-address is no address");
    }

    @Test
    void aThresholdBelowItsMinimumIsRejected() {
        assertThatThrownBy(() -> load("flagstream.detector.a17-payment-method-churn.min-changes", "1"))
                .hasMessageContaining("flagstream.detector.a17-payment-method-churn.min-changes must be at least 2");
    }

    @Test
    void aMalformedDurationIsNamed() {
        assertThatThrownBy(() -> load("flagstream.alerts.suppression", "a week"))
                .hasMessageContaining("flagstream.alerts.suppression")
                .hasMessageContaining("not a duration");
    }

    @Test
    void anUnknownProcessingGuaranteeListsTheAllowedOnes() {
        assertThatThrownBy(() -> load("flagstream.processing.guarantee", "exactly_once"))
                .hasMessageContaining("flagstream.processing.guarantee must be one of [at_least_once, exactly_once_v2]");
    }

    @Test
    void aMisspeltSettingStopsStartUpInsteadOfBeingIgnored() {
        assertThatThrownBy(() -> load("flagstream.detector.a16-shared-payout-instrument.min-acounts", "5"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flagstream.detector.a16-shared-payout-instrument.min-acounts is not a known setting");
    }

    @Test
    void aMisspeltEnvironmentVariableIsNamedToo() {
        assertThatThrownBy(() -> ConfigLoader.load(MINIMAL, Map.of("FLAGSTREAM_BOOTSTRAP_SERVER", "x:1")))
                .hasMessageContaining("FLAGSTREAM_BOOTSTRAP_SERVER is not a known setting");
    }

    @Test
    void aBadRegistrySettingIsNamedWithOurKey() {
        assertThatThrownBy(() -> load("flagstream.basic.auth.user.info", "no-colon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: flagstream.basic.auth.user.info must have the form user:password");
    }

    @Test
    void aNegativeGraceIsRejected() {
        assertThatThrownBy(() -> load("flagstream.detector.a16-shared-payout-instrument.grace", "PT-1H"))
                .hasMessageContaining("flagstream.detector.a16-shared-payout-instrument.grace must not be negative");
    }

    @Test
    void theLogLevelVariableBelongsToLogbackAndIsNotRefused() {
        assertThat(ConfigLoader.load(MINIMAL, Map.of("FLAGSTREAM_LOG_LEVEL", "DEBUG")).kafka().bootstrapServers())
                .isEqualTo("broker:9092");
    }

    @Test
    void anUnreadableConfigFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.properties"), Map.of()))
                .hasMessageContaining("--config cannot read");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    }

    private static FlagStreamConfig load(String key, String value) {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put(key, value);
        return ConfigLoader.load(props, Map.of());
    }
}
