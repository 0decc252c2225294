package io.flagstream.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector settings table of docs/configuration.md, rendered from the declarations (key, type, default,
 * bound, whether it changes live, environment variable, meaning), so the reference shows what the code does.
 * ConfigDocsTest fails when the page's table differs from this rendering.
 */
public final class DetectorSettingsTable {
    static final String BEGIN = "<!-- detector settings: generated from the detectors' declarations by ConfigDocsTest, do not edit -->";
    static final String END = "<!-- end of detector settings -->";

    private DetectorSettingsTable() {
    }

    /** The table between its markers, markers included. */
    public static String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        lines.add("| key | type | default | bound | changes live | environment variable | meaning |");
        lines.add("|---|---|---|---|---|---|---|");
        lines.add(row(CommonSettings.SHARED_GRACE_KEY, CommonSettings.SHARED_GRACE));
        for (DetectorDeclaration<?> declaration : DetectorDeclarations.all()) {
            declaration.settings().forEach(setting -> lines.add(row(declaration.key(setting), setting)));
        }
        lines.add(END);
        return String.join("\n", lines) + "\n";
    }

    private static String row(String key, Setting<?> setting) {
        return "| `" + key + "` | " + setting.type() + " | " + code(setting.defaultValue()) + " | "
                + (setting.bound().isEmpty() ? "–" : setting.bound()) + " | " + (setting.buildTime() ? "no (restart)" : setting.timeline() ? "down to half" : "yes") + " | `" + RawConfig.envName(key) + "` | "
                + setting.doc() + " |";
    }

    /** Values in code font; "–" (none) as it is. */
    private static String code(String value) {
        return value.startsWith("–") ? value : "`" + value + "`";
    }
}
