package io.flagstream.config;

import io.flagstream.serde.SchemaRegistrySettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link FlagStreamConfig}: the defaults each settings group declares ({@link Setting}, beside its record),
 * then a properties file, then {@code FLAGSTREAM_*} environment variables. Fails on the first bad or unknown
 * setting with a {@link ConfigException} naming it. docs/configuration.md's tables are rendered from the same
 * declarations ({@link SettingsTables}). Rules across settings (the data API's port, tokens and TLS files) are here.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static FlagStreamConfig load(Path propertiesFile, Map<String, String> environment) {
        return load(readProperties(propertiesFile), environment);
    }

    public static FlagStreamConfig load(Map<String, String> properties, Map<String, String> environment) {
        return load(new RawConfig(properties, environment));
    }

    /** Every setting in force with its value (defaults included, secrets masked): the {@code config} command. */
    public static Map<String, String> describe(Map<String, String> properties, Map<String, String> environment) {
        RawConfig raw = new RawConfig(properties, environment);
        load(raw);
        return raw.effective();
    }

    public static Map<String, String> readProperties(Path file) {
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

    private static FlagStreamConfig load(RawConfig raw) {
        KafkaSettings kafka = KafkaSettings.read(raw);
        SchemaRegistrySettings schemaRegistry = SchemaRegistryKeys.read(raw);
        TopicNames topics = TopicNames.read(raw);
        InputSettings input = InputSettings.read(raw);
        FlagStreamConfig config = new FlagStreamConfig(
                kafka,
                schemaRegistry,
                topics,
                input,
                http(raw),
                AlertSettings.read(raw),
                ProfileSettings.read(raw),
                AllowList.Configured.read(raw),
                detectors(raw, input),
                OcsfSettings.read(raw),

                RiskSettings.read(raw),
                ClusterSettings.read(raw),
                ControlSettings.read(raw),
                raw.given());
        raw.rejectUnknown();
        return config;
    }

    /**
     * The settings a live change may override, from the declarations: every detector setting except those read
     * when the topology is built (DSL filters, session windows, matchers made once: they need a restart), the
     * shared grace and the alert settings. Everything else shapes the topology, the stores or the Kafka clients.
     */
    private static final Set<String> CHANGEABLE_LIVE = changeableLiveKeys();

    /** The windows counted on a timeline, whose buckets are half the deployed window: live, they stop at half. */
    private static final Set<String> TIMELINE_WINDOWS = DetectorDeclarations.all().stream()
            .flatMap(declaration -> declaration.settings().stream().filter(Setting::timeline).map(declaration::key))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static Set<String> changeableLiveKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            declaration.settings().stream().filter(s -> !s.buildTime()).map(declaration::key).forEach(keys::add);
        }
        keys.add(CommonSettings.SHARED_GRACE_KEY);
        AlertSettings.SETTINGS.forEach(s -> keys.add(s.name()));
        return Set.copyOf(keys);
    }

    /** Refuses a key that is no setting, or a setting that cannot change while the app runs. */
    public static void checkChangeableLive(FlagStreamConfig deployed, String key) {
        RawConfig base = new RawConfig(deployed.given());
        load(base);
        checkChangeableLive(base, key);
    }

    private static void checkChangeableLive(RawConfig deployed, String key) {
        if (!deployed.effective().containsKey(key)) {
            throw new ConfigException(key, "is not a known setting (check the spelling; see docs/configuration.md)");
        }
        if (!changeableLive(key)) {
            throw new ConfigException(key, "cannot be changed while the app runs (it shapes the topology, the"
                    + " stores or the Kafka clients): change the properties file and restart");
        }
    }

    /** Whether a setting may be overridden while the app runs (see {@link #withOverrides}). */
    public static boolean changeableLive(String key) {
        return CHANGEABLE_LIVE.contains(key);
    }

    /**
     * The deployed configuration with live overrides (setting key → value) on top, validated by the same
     * rules as at start-up, plus the rules of a running topology: only {@link #changeableLive} settings; every
     * duration within its live range ({@link #checkLiveDuration}); and no detector switched on that was
     * deployed off, because its processors and stores were never built.
     *
     * @throws ConfigException naming the offending setting
     */
    public static FlagStreamConfig withOverrides(FlagStreamConfig deployed, Map<String, String> overrides) {
        RawConfig base = new RawConfig(deployed.given());
        load(base);
        for (String key : overrides.keySet()) {
            checkChangeableLive(base, key);
        }
        Map<String, String> merged = new LinkedHashMap<>(deployed.given());
        merged.putAll(overrides);
        RawConfig raw = new RawConfig(merged);
        FlagStreamConfig candidate = load(raw);
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            String enabled = key(declaration.id(), "enabled");
            if ("true".equals(raw.effective().get(enabled)) && "false".equals(base.effective().get(enabled))) {
                throw new ConfigException(enabled, "cannot switch on a detector deployed switched off (its"
                        + " sub-topology was not built): enable it in the properties file and restart");
            }
        }
        // The keys given first, so that a refusal names the setting changed, not a detector's grace derived from it.
        Set<String> durationKeys = new java.util.LinkedHashSet<>(overrides.keySet());
        durationKeys.addAll(raw.durations().keySet());
        for (String key : durationKeys) {
            Duration was = base.durations().get(key);
            Duration value = raw.durations().get(key);
            if (was != null && value != null) {
                checkLiveDuration(key, was, value, TIMELINE_WINDOWS.contains(key), deployed.control().maxFactor());
            }
        }
        return candidate;
    }

    /**
     * The one rule for how far a live change may move a duration (window, grace, lookback, suppression):
     * never above its deployed value, because the stores keep what the deployed values need; never below
     * deployed ÷ {@code flagstream.live.max-factor}, so that whoever can publish a change cannot cut a grace
     * or window to nothing; and a timeline window never below half its deployed value, because the rule's
     * timeline keeps buckets of half the deployed window and a narrower window would miss occurrences inside one.
     */
    private static void checkLiveDuration(String key, Duration was, Duration value, boolean timeline, double maxFactor) {
        if (value.compareTo(was) > 0) {
            throw new ConfigException(key, "would be " + Durations.format(value) + ", above its deployed "
                    + Durations.format(was) + "; windows, graces and lookbacks can only be lowered while the app runs"
                    + " (the stores keep what the deployed values need): raise it in the properties file and restart");
        }
        Duration floor = Duration.ofMillis((long) (was.toMillis() / maxFactor));
        if (value.compareTo(floor) < 0) {
            throw new ConfigException(key, "would be " + Durations.format(value) + ", below its deployed "
                    + Durations.format(was) + " ÷ flagstream.live.max-factor " + maxFactor
                    + " = " + Durations.format(floor) + ": a live change cannot cut it that far");
        }
        if (timeline && value.multipliedBy(2).compareTo(was) < 0) {
            throw new ConfigException(key, "would be " + Durations.format(value) + ", below half its deployed "
                    + Durations.format(was) + "; the rule's timeline keeps buckets of half the deployed window, and"
                    + " a narrower window would miss occurrences inside a bucket: set it in the properties file and restart");
        }
    }

    /** Every detector of the catalogue, read as it declares its settings. */
    private static DetectorsConfig detectors(RawConfig raw, InputSettings input) {
        CommonSettings.SHARED_GRACE.read(raw, CommonSettings.SHARED_GRACE_KEY);
        Map<String, RuleSettings> byId = new LinkedHashMap<>();
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            byId.put(declaration.id(), declaration.read(raw, input));
        }
        return new DetectorsConfig(byId);
    }

    /** Peers forward risk queries to {@code advertised-host:api.port}, so that port must be a fixed one. */
    private static HttpSettings http(RawConfig raw) {
        HttpSettings http = new HttpSettings(HttpSettings.BIND_ADDRESS.read(raw), HttpSettings.PORT.read(raw),
                HttpSettings.ADVERTISED_HOST.read(raw), api(raw));
        if (http.advertisedHost() != null && http.api().port() <= 0) {
            throw new ConfigException(HttpSettings.ADVERTISED_HOST.name(), "needs a fixed flagstream.http.api.port (not "
                    + http.api().port() + "): other instances forward risk queries to " + http.advertisedHost() + ":<api port>");
        }
        if (http.enabled() && http.api().enabled() && http.port() == http.api().port() && http.port() > 0) {
            throw new ConfigException(HttpSettings.API_PORT.name(), "must differ from flagstream.http.port (" + http.port()
                    + "): the probes and the data API have separate listeners");
        }
        return http;
    }

    /** The data API: off unless a port is set, and then only with at least one token. */
    private static HttpSettings.Api api(RawConfig raw) {
        int port = HttpSettings.API_PORT.read(raw);
        int threads = HttpSettings.API_THREADS.read(raw);
        boolean showSharedValues = HttpSettings.API_SHOW_SHARED_VALUES.read(raw);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String line : HttpSettings.API_TOKENS_FILE.read(raw)) {
            addToken(tokens, HttpSettings.API_TOKENS_FILE.name(), line);
        }
        for (String entry : HttpSettings.API_TOKENS.read(raw)) {
            addToken(tokens, HttpSettings.API_TOKENS.name(), entry);
        }
        if (port >= 0 && tokens.isEmpty()) {
            throw new ConfigException(HttpSettings.API_TOKENS_FILE.name(), "or flagstream.http.api.tokens must give at least one"
                    + " client:token when flagstream.http.api.port is set: the data API answers only authenticated clients");
        }
        String keyStore = HttpSettings.API_TLS_KEYSTORE_LOCATION.read(raw);
        String password = HttpSettings.API_TLS_KEYSTORE_PASSWORD.read(raw);
        String type = HttpSettings.API_TLS_KEYSTORE_TYPE.read(raw);
        HttpSettings.Tls tls = null;
        if (keyStore != null) {
            if (!Files.isReadable(Path.of(keyStore))) {
                throw new ConfigException(HttpSettings.API_TLS_KEYSTORE_LOCATION.name(), "is not a readable file: " + keyStore);
            }
            if (password == null) {
                throw new ConfigException(HttpSettings.API_TLS_KEYSTORE_PASSWORD.name(),
                        "is required with flagstream.http.api.tls.keystore.location");
            }
            tls = new HttpSettings.Tls(Path.of(keyStore), password, type);
        }
        return new HttpSettings.Api(port, threads, ApiTokens.of(tokens), tls, showSharedValues);
    }

    /** {@code client:token}; the client name shows in the logs, the token never does. */
    private static void addToken(Map<String, String> tokens, String key, String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(key, "has an entry without a client name: use client:token");
        }
        String client = entry.substring(0, colon).strip();
        String token = entry.substring(colon + 1).strip();
        if (token.length() < ApiTokens.MIN_LENGTH) {
            throw new ConfigException(key, "has a token for '" + client + "' shorter than " + ApiTokens.MIN_LENGTH
                    + " characters (generate one with: openssl rand -hex 24)");
        }
        if (tokens.put(client, token) != null) {
            throw new ConfigException(key, "names client '" + client + "' twice");
        }
    }

    public static String key(String detectorId, String setting) {
        return "flagstream.detector." + detectorId + "." + setting;
    }
}
