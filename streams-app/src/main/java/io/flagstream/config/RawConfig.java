package io.flagstream.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Layered string settings with typed, validating getters: a properties file, overridden by environment
 * variables ({@code FLAGSTREAM_DETECTOR_A16_SHARED_PAYOUT_INSTRUMENT_MIN_ACCOUNTS} sets
 * {@code flagstream.detector.a16-shared-payout-instrument.min-accounts}: dots and dashes both become
 * underscores). Defaults live with the getters' callers. Every getter records the key it read, so that
 * {@link #rejectUnknown()} can refuse a misspelt key instead of silently using a default.
 */
public final class RawConfig {
    public static final String PREFIX = "flagstream.";
    /** Settings under this prefix go to the Kafka clients and Streams as they are (prefix removed). */
    public static final String KAFKA_PREFIX = PREFIX + "kafka.";

    public static final String ENV_PREFIX = "FLAGSTREAM_";
    private static final String ENV_KAFKA_PREFIX = ENV_PREFIX + "KAFKA_";
    /** FLAGSTREAM_* variables read by something other than this loader (logback.xml). */
    private static final Set<String> OTHER_VARIABLES = Set.of("FLAGSTREAM_LOG_LEVEL");

    private final Map<String, String> values;
    /** FLAGSTREAM_* environment variables by variable name. */
    private final Map<String, String> environment;
    private final Set<String> read = new HashSet<>();
    /** Every setting a getter resolved, with the value in force (secrets masked), for the {@code config} command. */
    private final Map<String, String> effective = new TreeMap<>();
    /** Every setting given (file or environment, by key) that a getter read: the base live overrides apply to. */
    private final Map<String, String> given = new TreeMap<>();
    /** Every duration setting in force, by key, to compare a live override with the deployed value. */
    private final Map<String, Duration> durations = new TreeMap<>();

    public RawConfig(Map<String, String> values, Map<String, String> environment) {
        this.values = new TreeMap<>(values);
        this.environment = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && !OTHER_VARIABLES.contains(k)) {
                this.environment.put(k, v);
            }
        });
    }

    public RawConfig(Map<String, String> values) {
        this(values, Map.of());
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key, String defaultValue) {
        read.add(key);
        String v = environment.get(envName(key));
        if (v == null) {
            v = values.get(key);
        }
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        given.put(key, v.trim());
        return v.trim();
    }

    public String required(String key) {
        String v = string(key, null);
        if (v == null) {
            throw new ConfigException(key, "is required but not set");
        }
        return track(key, v);
    }

    public int intAtLeast(String key, int defaultValue, int min) {
        int v = parse(key, defaultValue, Integer::parseInt, "a whole number");
        if (v < min) {
            throw new ConfigException(key, "must be at least " + min + " but is " + v);
        }
        return track(key, v);
    }

    public long longAtLeast(String key, long defaultValue, long min) {
        long v = parse(key, defaultValue, Long::parseLong, "a whole number");
        if (v < min) {
            throw new ConfigException(key, "must be at least " + min + " but is " + v);
        }
        return track(key, v);
    }

    public double doubleAtLeast(String key, double defaultValue, double min) {
        double v = parse(key, defaultValue, Double::parseDouble, "a number");
        if (v < min) {
            throw new ConfigException(key, "must be at least " + min + " but is " + v);
        }
        return track(key, v);
    }

    public BigDecimal decimalAtLeast(String key, BigDecimal defaultValue, BigDecimal min) {
        BigDecimal v = parse(key, defaultValue, BigDecimal::new, "a decimal number");
        if (v.compareTo(min) < 0) {
            throw new ConfigException(key, "must be at least " + min + " but is " + v);
        }
        return track(key, v);
    }

    public Set<String> upperCaseSet(String key, List<String> defaultValue) {
        Set<String> out = new LinkedHashSet<>();
        list(key, defaultValue).forEach(v -> out.add(v.toUpperCase(Locale.ROOT)));
        return track(key, Collections.unmodifiableSet(out));
    }

    /** A set of names of {@code type}'s constants; a misspelt name would silently match nothing, so it fails here. */
    public <E extends Enum<E>> Set<String> enumNames(String key, List<String> defaultValue, Class<E> type, String what) {
        Set<String> names = upperCaseSet(key, defaultValue);
        E[] values = type.getEnumConstants();
        for (String name : names) {
            if (java.util.Arrays.stream(values).noneMatch(v -> v.name().equals(name))) {
                throw new ConfigException(key, "has unknown " + what + " '" + name + "' (use " + java.util.Arrays.toString(values) + ")");
            }
        }
        return names;
    }

    public Set<Integer> intSet(String key, List<Integer> defaultValue) {
        List<String> items = list(key, null);
        if (items == null) {
            return track(key, Set.copyOf(defaultValue));
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (String item : items) {
            try {
                out.add(Integer.parseInt(item));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a comma-separated list of whole numbers but has '" + item + "'");
            }
        }
        return track(key, Collections.unmodifiableSet(out));
    }

    public boolean bool(String key, boolean defaultValue) {
        return track(key, parse(key, defaultValue, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException();
        }, "true or false"));
    }

    public Duration positiveDuration(String key, Duration defaultValue) {
        Duration d = duration(key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key, "must be a positive duration but is " + Durations.format(d));
        }
        durations.put(key, d);
        return track(key, d);
    }

    public Duration nonNegativeDuration(String key, Duration defaultValue) {
        Duration d = duration(key, defaultValue);
        if (d.isNegative()) {
            throw new ConfigException(key, "must not be negative but is " + d);
        }
        durations.put(key, d);
        return track(key, d);
    }

    private Duration duration(String key, Duration defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    public <E extends Enum<E>> E oneOf(String key, E defaultValue, Class<E> type) {
        String v = string(key, null);
        if (v == null) {
            return track(key, defaultValue);
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                return track(key, e);
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key, "must be one of " + allowed + " but is '" + v + "'");
    }

    public List<String> list(String key, List<String> defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue == null ? null : track(key, defaultValue);
        }
        List<String> items = new ArrayList<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return track(key, List.copyOf(items));
    }

    /**
     * Every {@code flagstream.kafka.*} setting with the prefix removed, for the Kafka clients; an environment
     * variable {@code FLAGSTREAM_KAFKA_SASL_MECHANISM} passes {@code sasl.mechanism}. A client key that one of
     * FlagStream's own settings sets is refused: it would be overridden without a word (see {@link StreamsProperties}).
     */
    public Map<String, String> kafkaPassThrough() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                read.add(k);
                passThrough(out, k, k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_KAFKA_PREFIX)) {
                passThrough(out, k, k.substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private void passThrough(Map<String, String> out, String given, String clientKey, String value) {
        String own = OWN_CLIENT_KEYS.get(clientKey);
        if (own != null) {
            throw new ConfigException(given, "sets the Kafka setting '" + clientKey + "', which FlagStream sets from " + own
                    + ": set " + own + " instead");
        }
        out.put(clientKey, value);
        track(KAFKA_PREFIX + clientKey, value);
    }

    /** Kafka client and Streams keys that FlagStream sets from its own (validated) settings, with that setting. */
    private static final Map<String, String> OWN_CLIENT_KEYS = Map.ofEntries(
            Map.entry("application.id", "flagstream.application.id"),
            Map.entry("bootstrap.servers", "flagstream.bootstrap.servers"),
            Map.entry("processing.guarantee", "flagstream.processing.guarantee"),
            Map.entry("num.stream.threads", "flagstream.stream.threads"),
            Map.entry("num.standby.replicas", "flagstream.standby.replicas"),
            Map.entry("group.instance.id", "flagstream.group.instance.id"),
            Map.entry("main.consumer.group.instance.id", "flagstream.group.instance.id"),
            Map.entry("commit.interval.ms", "flagstream.commit.interval"),
            Map.entry("statestore.cache.max.bytes", "flagstream.cache.max.bytes"),
            Map.entry("replication.factor", "flagstream.replication.factor"),
            Map.entry("state.dir", "flagstream.state.dir"),
            Map.entry("rocksdb.config.setter", "flagstream.state.rocksdb.memory.bytes"),
            Map.entry("dsl.store.suppliers.class", "flagstream.state.store-type"));

    /** The settings in force, by key, as the getters resolved them; passwords and user info masked. */
    public Map<String, String> effective() {
        return Collections.unmodifiableMap(effective);
    }

    /** The settings given as strings, by key (environment variables under their key): what was deployed. */
    public Map<String, String> given() {
        return Collections.unmodifiableMap(given);
    }

    /** Every duration setting in force (defaults included), by key. */
    public Map<String, Duration> durations() {
        return Collections.unmodifiableMap(durations);
    }

    /** A string setting with a default, recorded as in force. */
    public String stringSetting(String key, String defaultValue) {
        return track(key, string(key, defaultValue));
    }

    private <T> T track(String key, T value) {
        String shown;
        if (value instanceof Duration d) {
            shown = Durations.format(d);
        } else if (value instanceof Enum<?> e) {
            shown = e.name().toLowerCase(Locale.ROOT);
        } else if (value instanceof java.util.Collection<?> c) {
            shown = String.join(",", c.stream().map(String::valueOf).toList());
        } else {
            shown = value == null ? "" : String.valueOf(value);
        }
        // jaas.config carries a SASL password inline.
        boolean secret = key.contains("password") || key.contains("user.info") || key.endsWith(".tokens") || key.endsWith(".key")
                || key.endsWith("jaas.config");
        effective.put(key, secret && value != null ? "****" : shown);
        return value;
    }

    /** Stops on the first {@code flagstream.*} key or FLAGSTREAM_* variable that no getter asked for: almost always a typo. */
    public void rejectUnknown() {
        for (String key : values.keySet()) {
            if (key.startsWith(PREFIX) && !read.contains(key)) {
                throw new ConfigException(key, "is not a known setting (check the spelling; see README, Configuration)");
            }
        }
        Set<String> readEnv = new HashSet<>();
        read.forEach(k -> readEnv.add(envName(k)));
        for (String name : environment.keySet()) {
            if (!name.startsWith(ENV_KAFKA_PREFIX) && !readEnv.contains(name)) {
                throw new ConfigException(name, "is not a known setting (environment variable; check the spelling; see README, Configuration)");
            }
        }
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "must be " + expected + " but is '" + v + "'");
        }
    }
}
