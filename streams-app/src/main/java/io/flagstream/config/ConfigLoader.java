package io.flagstream.config;

import io.flagstream.events.IpType;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.serde.SubjectNameStrategy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link FlagStreamConfig}: the defaults below, then a properties file, then {@code FLAGSTREAM_*}
 * environment variables. Fails on the first bad or unknown setting with a {@link ConfigException} naming it.
 * The README's configuration table lists the same keys and defaults.
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
        KafkaSettings kafka = kafka(raw);
        SchemaRegistrySettings schemaRegistry = schemaRegistry(raw);
        TopicNames topics = topics(raw);
        InputSettings input = new InputSettings(raw.nonNegativeDuration("flagstream.input.max-clock-skew", Duration.ofHours(1)),
                raw.positiveDuration("flagstream.input.max-event-age", Duration.ofDays(730)),
                raw.intAtLeast("flagstream.input.max-string-length", 1024, 16),
                new BigDecimal(raw.longAtLeast("flagstream.input.max-amount", 1_000_000_000L, 1)));
        FlagStreamConfig config = new FlagStreamConfig(
                kafka,
                schemaRegistry,
                topics,
                input,
                http(raw),
                new AlertSettings(
                        raw.positiveDuration("flagstream.alerts.suppression", Duration.ofDays(7)),
                        raw.intAtLeast("flagstream.alerts.max-evidence", 25, 1)),
                new ProfileSettings(
                        raw.positiveDuration("flagstream.profile.history", Duration.ofDays(7)),
                        raw.nonNegativeDuration("flagstream.profile.join-grace", Duration.ZERO)),
                AllowList.of(
                        Set.copyOf(raw.list("flagstream.allow-list.accounts", List.of())),
                        Set.copyOf(raw.list("flagstream.allow-list.ips", List.of())),
                        Set.copyOf(raw.list("flagstream.allow-list.instruments", List.of()))),
                detectors(raw, input),
                new OcsfSettings(raw.bool("flagstream.ocsf.enabled", true), raw.stringSetting(OcsfSettings.CASE_URL, null)),

                risk(raw),
                new ClusterSettings(
                        raw.positiveDuration("flagstream.clusters.window", Duration.ofDays(30)),
                        raw.intAtLeast("flagstream.clusters.min-size", 3, 2),
                        raw.doubleAtLeast("flagstream.clusters.min-risk", 20.0, 0.0),
                        raw.enumNames("flagstream.clusters.ignored-ip-types", List.of("MOBILE", "VPN"), IpType.class, "IP type"),
                        raw.intAtLeast("flagstream.clusters.max-accounts-per-ip", 10, 2),
                        raw.intAtLeast("flagstream.clusters.max-accounts-per-attribute", 20, 2),
                        indicators(raw, "flagstream.clusters.link-indicators", List.of("A2"))),
                control(raw),
                raw.given());
        raw.rejectUnknown();
        return config;
    }

    /**
     * Settings read when the topology is built (DSL filters, session windows, matchers made once), as the
     * detectors declare them: changing them needs a restart, so a live override of one is refused.
     */
    static final Set<String> BUILD_TIME = DetectorDeclarations.all().stream()
            .flatMap(d -> d.settings().stream().filter(Setting::buildTime).map(d::key))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

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
        return (key.startsWith("flagstream.detector.") || key.equals(CommonSettings.SHARED_GRACE_KEY)
                || key.startsWith("flagstream.alerts."))
                && !BUILD_TIME.contains(key);
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
        Set<String> timelineWindows = new java.util.HashSet<>();
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            declaration.settings().stream().filter(Setting::timeline).map(declaration::key).forEach(timelineWindows::add);
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
                checkLiveDuration(key, was, value, timelineWindows.contains(key), deployed.control().maxFactor());
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

    /**
     * Default weights reflect how strongly each indicator alone points at an operator: a shared instrument
     * between a client and a freelancer (A5) or many accounts paying one instrument (A16) is close to proof,
     * off-hours activity (A13) or a long session (A3) is common among honest freelancers.
     */
    static final Map<String, Double> DEFAULT_RISK_WEIGHTS = Map.ofEntries(
            Map.entry("A1", 3.0), Map.entry("A2", 5.0), Map.entry("A3", 1.0), Map.entry("A4", 4.0),
            Map.entry("A5", 10.0), Map.entry("A6", 5.0), Map.entry("A7", 2.0), Map.entry("A8", 5.0),
            Map.entry("A9", 5.0), Map.entry("A10", 5.0), Map.entry("A11", 4.0), Map.entry("A12", 3.0),
            Map.entry("A13", 1.0), Map.entry("A14", 2.0), Map.entry("A15", 3.0), Map.entry("A16", 10.0),
            Map.entry("A17", 3.0), Map.entry("A18", 4.0), Map.entry("A19", 3.0));

    private static RiskSettings risk(RawConfig raw) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 1; i <= 19; i++) {
            String indicator = "A" + i;
            weights.put(indicator, raw.doubleAtLeast("flagstream.risk.weight." + indicator.toLowerCase(java.util.Locale.ROOT),
                    DEFAULT_RISK_WEIGHTS.get(indicator), 0.0));
        }
        return new RiskSettings(weights,
                raw.positiveDuration("flagstream.risk.half-life", Duration.ofDays(14)),
                raw.doubleAtLeast("flagstream.risk.threshold", 15.0, 0.0),
                raw.intAtLeast("flagstream.risk.min-indicators", RiskSettings.DEFAULT_MIN_INDICATORS, 1));
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
        String bind = raw.stringSetting("flagstream.http.bind-address", HttpSettings.DEFAULT_BIND_ADDRESS);
        try {
            java.net.InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("flagstream.http.bind-address", "is no address of this host: '" + bind + "'");
        }
        HttpSettings http = new HttpSettings(bind, raw.intAtLeast("flagstream.http.port", 8080, -1),
                raw.stringSetting("flagstream.http.advertised-host", null), api(raw));
        if (http.advertisedHost() != null && http.api().port() <= 0) {
            throw new ConfigException("flagstream.http.advertised-host", "needs a fixed flagstream.http.api.port (not "
                    + http.api().port() + "): other instances forward risk queries to " + http.advertisedHost() + ":<api port>");
        }
        if (http.enabled() && http.api().enabled() && http.port() == http.api().port() && http.port() > 0) {
            throw new ConfigException("flagstream.http.api.port", "must differ from flagstream.http.port (" + http.port()
                    + "): the probes and the data API have separate listeners");
        }
        return http;
    }

    /** The data API: off unless a port is set, and then only with at least one token. */
    private static HttpSettings.Api api(RawConfig raw) {
        int port = raw.intAtLeast("flagstream.http.api.port", -1, -1);
        int threads = raw.intAtLeast("flagstream.http.api.threads", 4, 1);
        boolean showSharedValues = raw.bool("flagstream.http.api.show-shared-values", false);
        Map<String, String> tokens = new LinkedHashMap<>();
        String file = raw.stringSetting("flagstream.http.api.tokens-file", null);
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("flagstream.http.api.tokens-file", "cannot be read: " + e.getMessage());
            }
            for (String line : lines) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    addToken(tokens, "flagstream.http.api.tokens-file", line.strip());
                }
            }
        }
        for (String entry : raw.list("flagstream.http.api.tokens", List.of())) {
            addToken(tokens, "flagstream.http.api.tokens", entry);
        }
        if (port >= 0 && tokens.isEmpty()) {
            throw new ConfigException("flagstream.http.api.tokens-file", "or flagstream.http.api.tokens must give at least one"
                    + " client:token when flagstream.http.api.port is set: the data API answers only authenticated clients");
        }
        String keyStore = raw.stringSetting("flagstream.http.api.tls.keystore.location", null);
        String password = raw.stringSetting("flagstream.http.api.tls.keystore.password", null);
        String type = raw.stringSetting("flagstream.http.api.tls.keystore.type", "PKCS12");
        HttpSettings.Tls tls = null;
        if (keyStore != null) {
            if (!Files.isReadable(Path.of(keyStore))) {
                throw new ConfigException("flagstream.http.api.tls.keystore.location", "is not a readable file: " + keyStore);
            }
            if (password == null) {
                throw new ConfigException("flagstream.http.api.tls.keystore.password", "is required with flagstream.http.api.tls.keystore.location");
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

    /** The control topics' signing key (a secret: from the environment in production) and live bounds. */
    private static ControlSettings control(RawConfig raw) {
        String key = raw.stringSetting("flagstream.live.signing.key", null);
        byte[] bytes = null;
        if (key != null) {
            bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length < ControlSettings.MIN_KEY_BYTES) {
                throw new ConfigException("flagstream.live.signing.key", "must be at least " + ControlSettings.MIN_KEY_BYTES
                        + " bytes long (generate one with: openssl rand -hex 32)");
            }
        }
        return new ControlSettings(bytes, raw.doubleAtLeast("flagstream.live.max-factor", 2.0, 1.0),
                raw.bool("flagstream.live.allow-disable", false));
    }

    /** A set of advisory items A1…A19 (upper case); {@code none} for the empty set (a blank value means the default). */
    private static Set<String> indicators(RawConfig raw, String key, List<String> defaultValue) {
        Set<String> names = raw.upperCaseSet(key, defaultValue);
        if (names.equals(Set.of("NONE"))) {
            return Set.of();
        }
        for (String name : names) {
            if (!DEFAULT_RISK_WEIGHTS.containsKey(name)) {
                throw new ConfigException(key, "has unknown indicator '" + name + "' (use A1 … A19)");
            }
        }
        return names;
    }

    public static String key(String detectorId, String setting) {
        return "flagstream.detector." + detectorId + "." + setting;
    }

    private static KafkaSettings kafka(RawConfig raw) {
        Map<String, String> clientSettings = raw.kafkaPassThrough();
        KeyStoreFiles.checkKafkaClientStores(clientSettings);
        return new KafkaSettings(
                raw.required("flagstream.bootstrap.servers"),
                raw.stringSetting("flagstream.application.id", "flagstream"),
                raw.oneOf("flagstream.processing.guarantee", ProcessingGuarantee.EXACTLY_ONCE_V2, ProcessingGuarantee.class),
                raw.intAtLeast("flagstream.standby.replicas", 1, 0),
                raw.stringSetting("flagstream.group.instance.id", null),
                raw.intAtLeast("flagstream.stream.threads", 1, 1),
                raw.positiveDuration("flagstream.commit.interval", Duration.ofSeconds(1)),
                raw.longAtLeast("flagstream.cache.max.bytes", 10L * 1024 * 1024, 0),
                raw.intAtLeast("flagstream.replication.factor", -1, -1),
                Path.of(raw.stringSetting("flagstream.state.dir", System.getProperty("java.io.tmpdir") + "/flagstream-state")),
                raw.oneOf("flagstream.state.store-type", StoreType.ROCKSDB, StoreType.class),
                raw.longAtLeast("flagstream.state.rocksdb.memory.bytes", 256L * 1024 * 1024, 16L * 1024 * 1024),
                clientSettings);
    }

    /** The registry keys are Confluent's client keys under {@code flagstream.}, e.g. flagstream.basic.auth.user.info. */
    private static SchemaRegistrySettings schemaRegistry(RawConfig raw) {
        String trustStore = raw.stringSetting(key(SchemaRegistrySettings.TRUSTSTORE_LOCATION), null);
        String keyStore = raw.stringSetting(key(SchemaRegistrySettings.KEYSTORE_LOCATION), null);
        SchemaRegistrySettings settings = new SchemaRegistrySettings(
                raw.required(key(SchemaRegistrySettings.URL)),
                raw.stringSetting(key(SchemaRegistrySettings.BASIC_AUTH_USER_INFO), null),
                trustStore == null ? null : Path.of(trustStore),
                raw.stringSetting(key(SchemaRegistrySettings.TRUSTSTORE_PASSWORD), null),
                raw.stringSetting(key(SchemaRegistrySettings.TRUSTSTORE_TYPE), SchemaRegistrySettings.DEFAULT_STORE_TYPE),
                keyStore == null ? null : Path.of(keyStore),
                raw.stringSetting(key(SchemaRegistrySettings.KEYSTORE_PASSWORD), null),
                raw.stringSetting(key(SchemaRegistrySettings.KEYSTORE_TYPE), SchemaRegistrySettings.DEFAULT_STORE_TYPE),
                raw.positiveDuration(key(SchemaRegistrySettings.TIMEOUT), SchemaRegistrySettings.DEFAULT_TIMEOUT),
                raw.intAtLeast(key(SchemaRegistrySettings.RETRIES), SchemaRegistrySettings.DEFAULT_RETRIES, 0),
                raw.nonNegativeDuration(key(SchemaRegistrySettings.RETRY_BACKOFF), SchemaRegistrySettings.DEFAULT_RETRY_BACKOFF),
                raw.nonNegativeDuration(key(SchemaRegistrySettings.MISSING_CACHE_TTL), SchemaRegistrySettings.DEFAULT_MISSING_CACHE_TTL),
                subjectNameStrategy(raw),
                raw.bool(key(SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS), true),
                raw.bool(key(SchemaRegistrySettings.USE_LATEST_VERSION), false),
                raw.positiveDuration(key(SchemaRegistrySettings.OUTAGE_MAX_PAUSE), SchemaRegistrySettings.DEFAULT_OUTAGE_MAX_PAUSE));
        try {
            return settings.validate();
        } catch (IllegalArgumentException e) {
            // The message starts with the client key it is about: name our key for it.
            String message = e.getMessage();
            int space = message.indexOf(' ');
            throw new ConfigException(key(message.substring(0, space)), message.substring(space + 1));
        }
    }

    private static SubjectNameStrategy subjectNameStrategy(RawConfig raw) {
        String setting = key(SchemaRegistrySettings.VALUE_SUBJECT_NAME_STRATEGY);
        String text = raw.stringSetting(setting, SubjectNameStrategy.TOPIC_NAME.confluentName());
        try {
            return SubjectNameStrategy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, e.getMessage());
        }
    }

    private static String key(String clientKey) {
        return RawConfig.PREFIX + clientKey;
    }

    private static TopicNames topics(RawConfig raw) {
        return new TopicNames(
                raw.stringSetting("flagstream.topics.payouts", "payouts"),
                raw.stringSetting("flagstream.topics.logins", "logins"),
                raw.stringSetting("flagstream.topics.account-changes", "account-changes"),
                raw.stringSetting("flagstream.topics.alerts", "flagstream-alerts"),
                raw.stringSetting("flagstream.topics.dead-letter", "flagstream-dead-letter"),
                raw.stringSetting("flagstream.topics.findings", "flagstream-findings"),
                raw.stringSetting("flagstream.topics.config", "flagstream-config"),
                raw.stringSetting("flagstream.topics.allow-list", "flagstream-allow-list"),
                raw.stringSetting("flagstream.topics.watch-list", "flagstream-watch-list"),
                raw.stringSetting("flagstream.topics.live-state", "flagstream-live-state"),
                raw.stringSetting("flagstream.topics.audit", "flagstream-audit"));
    }

}
