package io.flagstream.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings tables of docs/configuration.md, rendered from the declarations (key, type, default, bound,
 * whether it changes live, environment variable, meaning), so the reference shows what the code does.
 * ConfigDocsTest fails when a table of the page differs from its rendering.
 */
public final class SettingsTables {
    private SettingsTables() {
    }

    /** One table of the page, between markers naming it. */
    public record Table(String name, List<Row> rows) {
        public String begin() {
            return "<!-- settings: " + name + ", generated from the declarations by ConfigDocsTest, do not edit -->";
        }

        public String end() {
            return "<!-- end of settings: " + name + " -->";
        }

        /** The table between its markers, markers included. */
        public String markdown() {
            List<String> lines = new ArrayList<>();
            lines.add(begin());
            lines.add("| key | type | default | bound | changes live | environment variable | meaning |");
            lines.add("|---|---|---|---|---|---|---|");
            rows.forEach(row -> lines.add(row.markdown()));
            lines.add(end());
            return String.join("\n", lines) + "\n";
        }
    }

    /** A setting under its full key. */
    public record Row(String key, Setting<?> setting) {
        static List<Row> of(List<Setting<?>> settings) {
            return settings.stream().map(s -> new Row(s.name(), s)).toList();
        }

        String markdown() {
            String live = !ConfigLoader.changeableLive(key) ? "no (restart)" : setting.timeline() ? "down to half" : "yes";
            return "| `" + key + "` | " + setting.type() + " | " + code(setting.defaultValue()) + " | "
                    + (setting.bound().isEmpty() ? Setting.NONE : setting.bound()) + " | " + live + " | `"
                    + RawConfig.envName(key) + "` | " + setting.doc() + " |";
        }
    }

    /** Every table, in the page's order. */
    public static List<Table> all() {
        return List.of(
                new Table("kafka", Row.of(KafkaSettings.SETTINGS)),
                new Table("http", Row.of(HttpSettings.SETTINGS)),
                new Table("schema-registry", Row.of(SchemaRegistryKeys.SETTINGS)),
                new Table("topics", Row.of(TopicNames.SETTINGS)),
                new Table("input", Row.of(InputSettings.SETTINGS)),
                new Table("alerts", Row.of(AlertSettings.SETTINGS)),
                new Table("profile", Row.of(ProfileSettings.SETTINGS)),
                new Table("allow-list", Row.of(AllowList.Configured.SETTINGS)),
                new Table("ocsf", Row.of(OcsfSettings.SETTINGS)),
                new Table("risk", Row.of(RiskSettings.SETTINGS)),
                new Table("clusters", Row.of(ClusterSettings.SETTINGS)),
                new Table("control", Row.of(ControlSettings.SETTINGS)),
                new Table("detectors", detectorRows()));
    }

    private static List<Row> detectorRows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(CommonSettings.SHARED_GRACE_KEY, CommonSettings.SHARED_GRACE));
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            declaration.settings().forEach(setting -> rows.add(new Row(declaration.key(setting), setting)));
        }
        return rows;
    }

    /** Values in code font; "–" (none) as it is. */
    private static String code(String value) {
        return value.startsWith(Setting.NONE) ? value : "`" + value + "`";
    }
}
