package io.flagstream.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One declared setting: its name, type, default, bound and meaning, and how it is read (through
 * {@link RawConfig}, so its error messages name the key like every other setting's). The loader reads the
 * declaration and docs/configuration.md is generated from it ({@link SettingsTables}), so the reference cannot
 * disagree with the code on a default or a bound.
 *
 * @param name      a detector's setting: its name under {@code flagstream.detector.<id>.}, as every detector has
 *                  the same ones; any other: its full key (read with {@link #read(RawConfig)})
 * @param buildTime read when the topology is built, so it cannot change while the app runs
 * @param timeline  the window of a {@code Timeline}, whose buckets are half the deployed window wide: a live
 *                  change may halve it and no more, or counts would miss occurrences inside a bucket
 */
public record Setting<T>(String name, String type, String defaultValue, String bound, String doc, boolean buildTime,
                         boolean timeline, Reader<T> reader) {

    /** The default shown for a setting that has none. */
    public static final String NONE = "–";

    /** Reads the value of the setting under its full key. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(RawConfig raw, String key);
    }

    /** A setting read in a way of its own (files, a default taken from another setting). */
    public static <T> Setting<T> of(String name, String type, String defaultValue, String bound, String doc, Reader<T> reader) {
        return new Setting<>(name, type, defaultValue, bound, doc, false, false, reader);
    }

    /** A string; {@code defaultValue} null for none. */
    public static Setting<String> string(String name, String defaultValue, String doc) {
        return of(name, "string", defaultValue == null ? NONE : defaultValue, "", doc,
                (raw, key) -> raw.stringSetting(key, defaultValue));
    }

    /** A string that must be set: start-up stops without it. */
    public static Setting<String> required(String name, String doc) {
        return of(name, "string", NONE + " (required)", "", doc, RawConfig::required);
    }

    /** One of {@code type}'s constants, written in lower case (dashes or underscores) as the docs show them. */
    public static <E extends Enum<E>> Setting<E> oneOf(String name, E defaultValue, Class<E> type, String doc) {
        return of(name, "one of", lowerCase(defaultValue),
                Arrays.stream(type.getEnumConstants()).map(Setting::lowerCase).collect(Collectors.joining(", ")), doc,
                (raw, key) -> raw.oneOf(key, defaultValue, type));
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String doc) {
        return of(name, "boolean", String.valueOf(defaultValue), "", doc, (raw, key) -> raw.bool(key, defaultValue));
    }

    public static Setting<Integer> intAtLeast(String name, int defaultValue, int min, String doc) {
        return of(name, "int", String.valueOf(defaultValue), atLeast(min), doc,
                (raw, key) -> raw.intAtLeast(key, defaultValue, min));
    }

    public static Setting<Long> longAtLeast(String name, long defaultValue, long min, String doc) {
        return of(name, "long", String.valueOf(defaultValue), atLeast(min), doc,
                (raw, key) -> raw.longAtLeast(key, defaultValue, min));
    }

    public static Setting<Double> doubleAtLeast(String name, double defaultValue, double min, String doc) {
        return of(name, "number", String.valueOf(defaultValue), atLeast(min), doc,
                (raw, key) -> raw.doubleAtLeast(key, defaultValue, min));
    }

    public static Setting<BigDecimal> decimalAtLeast(String name, String defaultValue, String min, String doc) {
        return of(name, "decimal", defaultValue, atLeast(min), doc,
                (raw, key) -> raw.decimalAtLeast(key, new BigDecimal(defaultValue), new BigDecimal(min)));
    }

    public static Setting<Duration> positiveDuration(String name, Duration defaultValue, String doc) {
        return of(name, "duration", Durations.format(defaultValue), "> 0", doc,
                (raw, key) -> raw.positiveDuration(key, defaultValue));
    }

    public static Setting<Duration> nonNegativeDuration(String name, Duration defaultValue, String doc) {
        return of(name, "duration", Durations.format(defaultValue), atLeast(0), doc,
                (raw, key) -> raw.nonNegativeDuration(key, defaultValue));
    }

    public static Setting<List<String>> list(String name, List<String> defaultValue, String doc) {
        return of(name, "list", defaultValue.isEmpty() ? NONE : String.join(",", defaultValue), "", doc,
                (raw, key) -> raw.list(key, defaultValue));
    }

    /** A file's path; {@code null} when unset. Whether the file can be read is checked where it is opened. */
    public static Setting<Path> file(String name, String doc) {
        return of(name, "file", NONE, "", doc, (raw, key) -> {
            String path = raw.stringSetting(key, null);
            return path == null ? null : Path.of(path);
        });
    }

    /** Upper-cased on reading, so the values match enum-like codes whatever case they are written in. */
    public static Setting<Set<String>> upperCaseSet(String name, List<String> defaultValue, String doc) {
        return of(name, "list", String.join(",", defaultValue), "", doc, (raw, key) -> raw.upperCaseSet(key, defaultValue));
    }

    public static Setting<Set<Integer>> intSet(String name, List<Integer> defaultValue, String doc) {
        return of(name, "list of int", defaultValue.stream().map(String::valueOf).collect(Collectors.joining(",")), "", doc,
                (raw, key) -> raw.intSet(key, defaultValue));
    }

    /** Names of {@code type}'s constants (see {@link RawConfig#enumNames}). */
    public static <E extends Enum<E>> Setting<Set<String>> enumNames(String name, List<String> defaultValue, Class<E> type,
                                                                    String what, String doc) {
        return of(name, "list", String.join(",", defaultValue), "each of " + Arrays.toString(type.getEnumConstants()), doc,
                (raw, key) -> raw.enumNames(key, defaultValue, type, what));
    }

    /** The same setting, read when the topology is built: a live override of it is refused. */
    public Setting<T> fixedAtBuild() {
        return new Setting<>(name, type, defaultValue, bound, doc, true, timeline, reader);
    }

    /** The same setting, as the window of a timeline: a live override may lower it to half its deployed value. */
    public Setting<T> countedOnTimeline() {
        return new Setting<>(name, type, defaultValue, bound, doc, buildTime, true, reader);
    }

    public T read(RawConfig raw, String key) {
        return reader.read(raw, key);
    }

    /** Reads a setting declared under its full key. */
    public T read(RawConfig raw) {
        return reader.read(raw, name);
    }

    private static String lowerCase(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static String atLeast(Object min) {
        return ">= " + min;
    }
}
