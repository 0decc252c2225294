package io.flagstream.config;

import io.flagstream.detect.sharedinstrument.SharedInstrumentSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared declaration mechanism: each kind of setting keeps its default and its bound, and the loader reads exactly what detectors declare. */
class DetectorDeclarationTest {
    private static final Map<String, String> MINIMAL = Map.of(
            "flagstream.bootstrap.servers", "broker:9092",
            "flagstream.schema.registry.url", "http://registry:8081");
    private static final String A16 = "flagstream.detector.a16-shared-payout-instrument.";

    private static <T> T read(Setting<T> setting, String value) {
        Map<String, String> given = value == null ? Map.of() : Map.of("flagstream.test.x", value);
        return setting.read(new RawConfig(given), "flagstream.test.x");
    }

    private static void refused(Setting<?> setting, String value, String message) {
        assertThatThrownBy(() -> read(setting, value)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("flagstream.test.x").hasMessageContaining(message);
    }

    @Test
    void aWholeNumberHasItsDefaultAndItsLowerBound() {
        Setting<Integer> s = Setting.intAtLeast("x", 3, 2, "doc");
        assertThat(read(s, null)).isEqualTo(3);
        assertThat(read(s, "2")).isEqualTo(2);
        refused(s, "1", "must be at least 2 but is 1");
        assertThat(s.bound()).isEqualTo(">= 2");
    }

    @Test
    void aNumberAndADecimalHaveTheirDefaultsAndLowerBounds() {
        Setting<Double> share = Setting.doubleAtLeast("x", 0.7, 0.0, "doc");
        Setting<BigDecimal> limit = Setting.decimalAtLeast("x", "100", "0", "doc");
        assertThat(read(share, null)).isEqualTo(0.7);
        refused(share, "-0.1", "must be at least 0.0 but is -0.1");
        assertThat(read(limit, null)).isEqualByComparingTo("100");
        refused(limit, "-1", "must be at least 0 but is -1");
    }

    @Test
    void durationsHaveTheirDefaultsAndAreRefusedOutsideTheirBound() {
        Setting<Duration> positive = Setting.positiveDuration("x", Duration.ofDays(30), "doc");
        Setting<Duration> nonNegative = Setting.nonNegativeDuration("x", Duration.ofDays(1), "doc");
        assertThat(read(positive, null)).isEqualTo(Duration.ofDays(30));
        assertThat(positive.defaultValue()).isEqualTo("30d");
        refused(positive, "0s", "must be a positive duration but is 0ms");
        assertThat(read(nonNegative, "0s")).isEqualTo(Duration.ZERO);
        refused(nonNegative, "-PT1H", "must not be negative");
    }

    @Test
    void listsHaveTheirDefaultsAndEnumNamesRefuseAnUnknownName() {
        Setting<Set<Integer>> ports = Setting.intSet("x", List.of(3389, 5900), "doc");
        Setting<Set<String>> kinds = Setting.enumNames("x", List.of("LOGIN_SUCCESS"), io.flagstream.events.LoginKind.class,
                "login kind", "doc");
        assertThat(read(ports, null)).containsExactlyInAnyOrder(3389, 5900);
        refused(ports, "3389,rdp", "must be a comma-separated list of whole numbers but has 'rdp'");
        assertThat(read(kinds, null)).containsExactly("LOGIN_SUCCESS");
        refused(kinds, "LOGIN_SUCCES", "has unknown login kind 'LOGIN_SUCCES'");
        assertThat(read(Setting.bool("x", true, "doc"), null)).isTrue();
        refused(Setting.bool("x", true, "doc"), "maybe", "must be true or false but is 'maybe'");
    }

    @Test
    void theCommonSettingsAreDeclaredOnceWithTheWindowOfTheDetectorAndTheSharedGrace() {
        FlagStreamConfig defaults = ConfigLoader.load(MINIMAL, Map.of());
        assertThat(defaults.detectors().common("a1-account-many-ips"))
                .isEqualTo(new DetectorSettings(true, Duration.ofHours(1), Duration.ofDays(1)));
        assertThat(defaults.detectors().common("watch-list-match"))
                .isEqualTo(new DetectorSettings(true, Duration.ZERO, Duration.ofDays(730)));

        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("flagstream.detectors.grace", "2h");
        assertThat(ConfigLoader.load(props, Map.of()).detectors().common("a1-account-many-ips").grace()).isEqualTo(Duration.ofHours(2));

        props.put(A16 + "grace", "-PT1H");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(A16 + "grace").hasMessageContaining("must not be negative");
    }

    @Test
    void everyKeyADetectorDeclaresIsAcceptedAndAnUndeclaredOneIsRefused() {
        Map<String, String> props = new LinkedHashMap<>(MINIMAL);
        DetectorDeclaration<SharedInstrumentSettings> a16 = SharedInstrumentSettings.DECLARATION;
        assertThat(a16.settings()).extracting(Setting::name)
                .containsExactly("enabled", "window", "grace", "min-accounts", "established-after", "link-memory");
        a16.settings().forEach(s -> props.put(a16.key(s), s.name().equals("enabled") ? "true" : s.name().equals("min-accounts") ? "4" : "3d"));

        SharedInstrumentSettings read = ConfigLoader.load(props, Map.of()).detectors().of(a16);
        assertThat(read.minAccounts()).isEqualTo(4);
        assertThat(read.linkMemory()).isEqualTo(Duration.ofDays(3));

        props.put(A16 + "max-accounts", "9");
        assertThatThrownBy(() -> ConfigLoader.load(props, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(A16 + "max-accounts").hasMessageContaining("is not a known setting");
    }

    @Test
    void theSettingsFixedAtBuildAreTheOnesTheDetectorsDeclareSo() {
        String d = "flagstream.detector.";
        assertThat(DetectorDeclarations.all().stream()
                .flatMap(declaration -> declaration.settings().stream().map(declaration::key))
                .filter(key -> !ConfigLoader.changeableLive(key))).containsExactlyInAnyOrder(
                d + "a1-account-many-ips.login-kinds", d + "a2-shared-login-ip.ignored-ip-types",
                d + "a3-continuous-session.window", d + "a3-continuous-session.max-gap", d + "a3-continuous-session.grace",
                d + "a4-remote-access-path.remote-desktop-ports", d + "a4-remote-access-path.suspicious-ip-types",
                d + "a8-high-risk-destination.countries", d + "a8-high-risk-destination.providers",
                d + "a18-small-payouts-drain.small-limit",
                d + "watch-list-match.ofac-sdn", d + "watch-list-match.lists");
        assertThat(ConfigLoader.changeableLive(A16 + "min-accounts")).isTrue();
        assertThat(ConfigLoader.changeableLive(d + "a3-continuous-session.max-gap")).isFalse();
    }

    @Test
    void besidesDetectorSettingsOnlyTheSharedGraceAndTheAlertSettingsChangeLive() {
        assertThat(ConfigLoader.changeableLive("flagstream.detectors.grace")).isTrue();
        assertThat(ConfigLoader.changeableLive("flagstream.alerts.suppression")).isTrue();
        assertThat(ConfigLoader.changeableLive("flagstream.alerts.max-evidence")).isTrue();
        assertThat(ConfigLoader.changeableLive("flagstream.risk.threshold")).isFalse();
        assertThat(ConfigLoader.changeableLive("flagstream.commit.interval")).isFalse();
        assertThat(ConfigLoader.changeableLive("flagstream.detector.a16-shared-payout-instrument.no-such-setting")).isFalse();
    }

    @Test
    void theWindowsCountedOnATimelineAreTheOnesWhoseLiveChangeStopsAtHalf() {
        String d = "flagstream.detector.";
        assertThat(DetectorDeclarations.all().stream()
                .flatMap(declaration -> declaration.settings().stream().filter(Setting::timeline).map(declaration::key)))
                .containsExactlyInAnyOrder(d + "a1-account-many-ips.window", d + "a1-account-many-ips.long-window",
                        d + "a2-shared-login-ip.window", d + "a5-shared-instrument-client-freelancer.window",
                        d + "a14-contact-churn.window", d + "a16-shared-payout-instrument.window",
                        d + "a17-payment-method-churn.window");
    }
}
