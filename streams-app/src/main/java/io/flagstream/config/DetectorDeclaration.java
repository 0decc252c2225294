package io.flagstream.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a detector declares about its configuration: its id, the common settings it has, its own settings and
 * how its typed settings record is built from their values. Declared beside the rule, in the detector's package,
 * and listed in the detector catalogue: the loader, the live checks and docs/configuration.md all work from it.
 */
public final class DetectorDeclaration<S extends RuleSettings> {
    /** Builds the typed settings record; {@code values} holds exactly the declared settings. */
    @FunctionalInterface
    public interface Builder<S> {
        S build(DetectorSettings common, Values values);
    }

    private final String id;
    private final Builder<S> builder;
    private final Setting<Duration> window;
    private final Setting<Duration> grace;
    private final List<Setting<?>> settings = new ArrayList<>();

    private DetectorDeclaration(String id, Duration defaultWindow, boolean commonFixedAtBuild, boolean onTimeline,
                                List<Setting<?>> own, Builder<S> builder) {
        this.id = id;
        this.builder = builder;
        settings.add(CommonSettings.ENABLED);
        if (defaultWindow == null) {
            window = null;
            grace = null;
        } else {
            Setting<Duration> w = CommonSettings.window(defaultWindow);
            w = onTimeline ? w.countedOnTimeline() : w;
            window = commonFixedAtBuild ? w.fixedAtBuild() : w;
            grace = commonFixedAtBuild ? CommonSettings.GRACE.fixedAtBuild() : CommonSettings.GRACE;
            settings.add(window);
            settings.add(grace);
        }
        settings.addAll(own);
    }

    /** A detector counting within a window: {@code enabled}, {@code window} and {@code grace}, and {@code own}. */
    public static <S extends RuleSettings> DetectorDeclaration<S> windowed(String id, Duration defaultWindow, Builder<S> builder,
                                                                          Setting<?>... own) {
        return new DetectorDeclaration<>(id, defaultWindow, false, false, List.of(own), builder);
    }

    /** A windowed detector counting on a {@code Timeline}: a live change may halve its window and no more. */
    public static <S extends RuleSettings> DetectorDeclaration<S> windowedOnTimeline(String id, Duration defaultWindow,
                                                                                    Builder<S> builder, Setting<?>... own) {
        return new DetectorDeclaration<>(id, defaultWindow, false, true, List.of(own), builder);
    }

    /** A detector matching single events: only {@code enabled}, and {@code own}. */
    public static <S extends RuleSettings> DetectorDeclaration<S> perEvent(String id, Builder<S> builder, Setting<?>... own) {
        return new DetectorDeclaration<>(id, null, false, false, List.of(own), builder);
    }

    /** A windowed detector whose window and grace are read when the topology is built (e.g. session windows). */
    public static <S extends RuleSettings> DetectorDeclaration<S> windowedFixedAtBuild(String id, Duration defaultWindow,
                                                                                      Builder<S> builder, Setting<?>... own) {
        return new DetectorDeclaration<>(id, defaultWindow, true, false, List.of(own), builder);
    }

    /**
     * Kebab-case, prefixed with the advisory indicator ({@code a16-shared-payout-instrument}); each detector holds
     * its own as {@code ID}. It is the rule id in alerts, the prefix of every store, processor and internal topic
     * the detector creates, and part of its configuration keys.
     */
    public String id() {
        return id;
    }

    /** Every setting of the detector, common ones first, in declaration order. */
    public List<Setting<?>> settings() {
        return List.copyOf(settings);
    }

    /** The full key of one of the settings. */
    public String key(Setting<?> setting) {
        return ConfigLoader.key(id, setting.name());
    }

    S read(RawConfig raw, InputSettings input) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        settings.forEach(setting -> values.put(setting, setting.read(raw, key(setting))));
        Values read = new Values(values);
        boolean enabled = read.get(CommonSettings.ENABLED);
        DetectorSettings common = window == null
                ? new DetectorSettings(enabled, Duration.ZERO, input.maxEventAge())
                : new DetectorSettings(enabled, read.get(window), read.get(grace));
        return builder.build(common, read);
    }

    /** The values read, by declared setting; asking for an undeclared one is a mistake in the declaration. */
    public static final class Values {
        private final Map<Setting<?>, Object> values;

        private Values(Map<Setting<?>, Object> values) {
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            if (!values.containsKey(setting)) {
                throw new IllegalStateException(setting.name() + " is not declared");
            }
            return (T) values.get(setting);
        }
    }
}
