package io.flagstream.config;

import io.flagstream.serde.SchemaRegistrySettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link FlagStreamConfig}: the defaults below, then a properties file, then {@code FLAGSTREAM_*}
 * environment variables. Fails on the first bad or unknown setting with a {@link ConfigException} naming it.
 * The README's configuration table lists the same keys and defaults.
 */
public final class ConfigLoader {
    public static final String A16 = "a16-shared-payout-instrument";
    public static final String A17 = "a17-payment-method-churn";

    private ConfigLoader() {
    }

    public static FlagStreamConfig load(Path propertiesFile, Map<String, String> environment) {
        return load(readProperties(propertiesFile), environment);
    }

    public static FlagStreamConfig load(Map<String, String> properties, Map<String, String> environment) {
        RawConfig raw = new RawConfig(properties, environment);
        FlagStreamConfig config = new FlagStreamConfig(
                kafka(raw),
                schemaRegistry(raw),
                topics(raw),
                new HttpSettings(raw.intAtLeast("flagstream.http.port", 8080, -1)),
                new AlertSettings(
                        raw.positiveDuration("flagstream.alerts.suppression", Duration.ofDays(7)),
                        raw.intAtLeast("flagstream.alerts.max-evidence", 25, 1)),
                new SharedInstrumentSettings(
                        detector(raw, A16, Duration.ofDays(7)),
                        raw.intAtLeast(key(A16, "min-accounts"), 3, 2)),
                new PaymentMethodChurnSettings(
                        detector(raw, A17, Duration.ofDays(30)),
                        raw.intAtLeast(key(A17, "min-changes"), 3, 2),
                        raw.positiveDuration(key(A17, "instrument-memory"), Duration.ofDays(180))));
        raw.rejectUnknown();
        return config;
    }

    public static String key(String detectorId, String setting) {
        return "flagstream.detector." + detectorId + "." + setting;
    }

    private static DetectorSettings detector(RawConfig raw, String id, Duration defaultWindow) {
        return new DetectorSettings(
                raw.bool(key(id, "enabled"), true),
                raw.positiveDuration(key(id, "window"), defaultWindow),
                raw.duration(key(id, "grace"), Duration.ofDays(1)));
    }

    private static KafkaSettings kafka(RawConfig raw) {
        return new KafkaSettings(
                raw.required("flagstream.bootstrap.servers"),
                raw.string("flagstream.application.id", "flagstream"),
                raw.oneOf("flagstream.processing.guarantee", ProcessingGuarantee.AT_LEAST_ONCE, ProcessingGuarantee.class),
                raw.intAtLeast("flagstream.stream.threads", 1, 1),
                raw.positiveDuration("flagstream.commit.interval", Duration.ofSeconds(1)),
                raw.longAtLeast("flagstream.cache.max.bytes", 10L * 1024 * 1024, 0),
                raw.intAtLeast("flagstream.replication.factor", -1, -1),
                Path.of(raw.string("flagstream.state.dir", System.getProperty("java.io.tmpdir") + "/flagstream-state")),
                raw.kafkaPassThrough());
    }

    /** The registry keys are Confluent's client keys under {@code flagstream.}, e.g. flagstream.basic.auth.user.info. */
    private static SchemaRegistrySettings schemaRegistry(RawConfig raw) {
        String trustStore = raw.string(key(SchemaRegistrySettings.TRUSTSTORE_LOCATION), null);
        String keyStore = raw.string(key(SchemaRegistrySettings.KEYSTORE_LOCATION), null);
        SchemaRegistrySettings settings = new SchemaRegistrySettings(
                raw.required(key(SchemaRegistrySettings.URL)),
                raw.string(key(SchemaRegistrySettings.BASIC_AUTH_USER_INFO), null),
                trustStore == null ? null : Path.of(trustStore),
                raw.string(key(SchemaRegistrySettings.TRUSTSTORE_PASSWORD), null),
                raw.string(key(SchemaRegistrySettings.TRUSTSTORE_TYPE), SchemaRegistrySettings.DEFAULT_STORE_TYPE),
                keyStore == null ? null : Path.of(keyStore),
                raw.string(key(SchemaRegistrySettings.KEYSTORE_PASSWORD), null),
                raw.string(key(SchemaRegistrySettings.KEYSTORE_TYPE), SchemaRegistrySettings.DEFAULT_STORE_TYPE),
                raw.positiveDuration(key(SchemaRegistrySettings.TIMEOUT), SchemaRegistrySettings.DEFAULT_TIMEOUT));
        try {
            return settings.validate();
        } catch (IllegalArgumentException e) {
            // The message starts with the client key it is about: name our key for it.
            String message = e.getMessage();
            int space = message.indexOf(' ');
            throw new ConfigException(key(message.substring(0, space)), message.substring(space + 1));
        }
    }

    private static String key(String clientKey) {
        return RawConfig.PREFIX + clientKey;
    }

    private static TopicNames topics(RawConfig raw) {
        return new TopicNames(
                raw.string("flagstream.topics.payouts", "payouts"),
                raw.string("flagstream.topics.logins", "logins"),
                raw.string("flagstream.topics.account-changes", "account-changes"),
                raw.string("flagstream.topics.alerts", "flagstream-alerts"),
                raw.string("flagstream.topics.dead-letter", "flagstream-dead-letter"));
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }
}
