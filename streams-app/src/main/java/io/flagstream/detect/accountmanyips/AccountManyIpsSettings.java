package io.flagstream.detect.accountmanyips;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;
import io.flagstream.events.LoginKind;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A1: {@code minIps} IPs spanning {@code minCountries} countries within the window, or the long variant;
 * {@code loginKinds} are the login kinds counted (LOGIN_SUCCESS; ACTIVITY optionally).
 */
public record AccountManyIpsSettings(DetectorSettings common, int minIps, int minCountries,
                                     Duration longWindow, int longMinIps, int longMinCountries, Set<String> loginKinds)
        implements RuleSettings {
    static final Setting<Integer> MIN_IPS = Setting.intAtLeast("min-ips", 3, 2, "distinct IPs within the window");
    static final Setting<Integer> MIN_COUNTRIES = Setting.intAtLeast("min-countries", 2, 1,
            "countries those IPs span within the window");
    static final Setting<Duration> LONG_WINDOW = Setting.positiveDuration("long-window", Duration.ofHours(24),
            "window of the long variant").countedOnTimeline();
    static final Setting<Integer> LONG_MIN_IPS = Setting.intAtLeast("long-min-ips", 5, 2, "distinct IPs within the long window");
    static final Setting<Integer> LONG_MIN_COUNTRIES = Setting.intAtLeast("long-min-countries", 3, 1,
            "countries those IPs span within the long window");
    // The login kinds pick the stream the detector reads: fixed when the topology is built.
    static final Setting<Set<String>> LOGIN_KINDS = Setting.enumNames("login-kinds", List.of("LOGIN_SUCCESS"), LoginKind.class,
            "login kind", "login kinds counted").fixedAtBuild();

    public static final DetectorDeclaration<AccountManyIpsSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            AccountManyIpsDetector.ID, Duration.ofHours(1),
            (common, v) -> new AccountManyIpsSettings(common, v.get(MIN_IPS), v.get(MIN_COUNTRIES), v.get(LONG_WINDOW),
                    v.get(LONG_MIN_IPS), v.get(LONG_MIN_COUNTRIES), v.get(LOGIN_KINDS)),
            MIN_IPS, MIN_COUNTRIES, LONG_WINDOW, LONG_MIN_IPS, LONG_MIN_COUNTRIES, LOGIN_KINDS);
}
