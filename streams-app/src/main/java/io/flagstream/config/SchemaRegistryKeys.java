package io.flagstream.config;

import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.serde.SubjectNameStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The schema registry settings: Confluent's client keys under {@code flagstream.} (e.g.
 * {@code flagstream.basic.auth.user.info}), so operators recognise them. Declared here rather than beside
 * {@link SchemaRegistrySettings}, because {@code serde} must not depend on {@code config} (PackageCyclesTest).
 */
final class SchemaRegistryKeys {
    static final Setting<String> URL = Setting.required(key(SchemaRegistrySettings.URL),
            "`mock://<scope>` (in memory) or comma-separated `http(s)://` base URLs tried in turn");
    static final Setting<String> BASIC_AUTH_USER_INFO = Setting.string(key(SchemaRegistrySettings.BASIC_AUTH_USER_INFO),
            null, "`user:password` (secret); none: no authentication");
    static final Setting<Path> TRUSTSTORE_LOCATION = Setting.file(key(SchemaRegistrySettings.TRUSTSTORE_LOCATION),
            "trust store; none: the JVM's default trust");
    static final Setting<String> TRUSTSTORE_PASSWORD = Setting.string(key(SchemaRegistrySettings.TRUSTSTORE_PASSWORD),
            null, "its password (secret)");
    static final Setting<String> TRUSTSTORE_TYPE = Setting.string(key(SchemaRegistrySettings.TRUSTSTORE_TYPE),
            SchemaRegistrySettings.DEFAULT_STORE_TYPE, "its type");
    static final Setting<Path> KEYSTORE_LOCATION = Setting.file(key(SchemaRegistrySettings.KEYSTORE_LOCATION),
            "client certificate for mutual TLS");
    static final Setting<String> KEYSTORE_PASSWORD = Setting.string(key(SchemaRegistrySettings.KEYSTORE_PASSWORD),
            null, "its password (secret; required with a key store)");
    static final Setting<String> KEYSTORE_TYPE = Setting.string(key(SchemaRegistrySettings.KEYSTORE_TYPE),
            SchemaRegistrySettings.DEFAULT_STORE_TYPE, "its type");
    static final Setting<Duration> TIMEOUT = Setting.positiveDuration(key(SchemaRegistrySettings.TIMEOUT),
            SchemaRegistrySettings.DEFAULT_TIMEOUT, "bound on connecting and on each request");
    static final Setting<Integer> RETRIES = Setting.intAtLeast(key(SchemaRegistrySettings.RETRIES),
            SchemaRegistrySettings.DEFAULT_RETRIES, 0, "how often a call that got no answer (or a 5xx) is tried again");
    static final Setting<Duration> RETRY_BACKOFF = Setting.nonNegativeDuration(key(SchemaRegistrySettings.RETRY_BACKOFF),
            SchemaRegistrySettings.DEFAULT_RETRY_BACKOFF, "the wait before the first retry, doubled for each next one");
    static final Setting<Duration> MISSING_CACHE_TTL = Setting.nonNegativeDuration(key(SchemaRegistrySettings.MISSING_CACHE_TTL),
            SchemaRegistrySettings.DEFAULT_MISSING_CACHE_TTL, "how long \"schema id not found\" is remembered");
    static final Setting<SubjectNameStrategy> VALUE_SUBJECT_NAME_STRATEGY = Setting.of(
            key(SchemaRegistrySettings.VALUE_SUBJECT_NAME_STRATEGY), "one of", SubjectNameStrategy.TOPIC_NAME.confluentName(),
            Arrays.stream(SubjectNameStrategy.values()).map(SubjectNameStrategy::confluentName).collect(Collectors.joining(", ")),
            "subjects of the schemas the app writes", (raw, key) -> {
                String text = raw.stringSetting(key, SubjectNameStrategy.TOPIC_NAME.confluentName());
                try {
                    return SubjectNameStrategy.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, e.getMessage());
                }
            });
    static final Setting<Boolean> AUTO_REGISTER_SCHEMAS = Setting.bool(key(SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS), true,
            "false for a locked-down registry: the app only looks its schemas up");
    static final Setting<Boolean> USE_LATEST_VERSION = Setting.bool(key(SchemaRegistrySettings.USE_LATEST_VERSION), false,
            "write with the subject's latest version (which must be the app's schema)");
    static final Setting<Duration> OUTAGE_MAX_PAUSE = Setting.positiveDuration(key(SchemaRegistrySettings.OUTAGE_MAX_PAUSE),
            SchemaRegistrySettings.DEFAULT_OUTAGE_MAX_PAUSE, "how long input decoding waits for an unreachable registry before the app stops");

    static final List<Setting<?>> SETTINGS = List.of(URL, BASIC_AUTH_USER_INFO, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD,
            TRUSTSTORE_TYPE, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE, TIMEOUT, RETRIES, RETRY_BACKOFF,
            MISSING_CACHE_TTL, VALUE_SUBJECT_NAME_STRATEGY, AUTO_REGISTER_SCHEMAS, USE_LATEST_VERSION, OUTAGE_MAX_PAUSE);

    private SchemaRegistryKeys() {
    }

    /** The settings read and validated; an invalid one is named by its key. */
    static SchemaRegistrySettings read(RawConfig raw) {
        Path trustStore = TRUSTSTORE_LOCATION.read(raw);
        Path keyStore = KEYSTORE_LOCATION.read(raw);
        SchemaRegistrySettings settings = new SchemaRegistrySettings(URL.read(raw), BASIC_AUTH_USER_INFO.read(raw),
                trustStore, TRUSTSTORE_PASSWORD.read(raw), TRUSTSTORE_TYPE.read(raw), keyStore, KEYSTORE_PASSWORD.read(raw),
                KEYSTORE_TYPE.read(raw), TIMEOUT.read(raw), RETRIES.read(raw), RETRY_BACKOFF.read(raw),
                MISSING_CACHE_TTL.read(raw), VALUE_SUBJECT_NAME_STRATEGY.read(raw), AUTO_REGISTER_SCHEMAS.read(raw),
                USE_LATEST_VERSION.read(raw), OUTAGE_MAX_PAUSE.read(raw));
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
}
