package io.flagstream.detect.watchlistmatch;

import io.flagstream.config.ConfigException;
import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Watch-lists: a payout to a listed instrument or listed name, or a login from a listed IP. A match is one
 * event, so there is no window, and its grace is the input's max event age: a listed party is listed however
 * late its event arrives.
 *
 * @param ofacSdn OFAC's {@code sdn.csv} (its {@code alt.csv} read from beside it when there) or {@code sdn.xml}; null for none
 * @param lists   plain CSV lists ({@code id,kind,value,aliases})
 */
public record WatchListMatchSettings(DetectorSettings common, Path ofacSdn, List<Path> lists) implements RuleSettings {
    public WatchListMatchSettings {
        lists = List.copyOf(lists);
    }

    // The files are read once, when the topology is built; entries change live on the watch-list topic instead.
    static final Setting<Path> OFAC_SDN = Setting.<Path>of("ofac-sdn", "file", "– (none)", ".csv or .xml, readable",
            "OFAC's sdn.csv (alt.csv beside it read too) or sdn.xml", (raw, key) -> {
                String file = raw.stringSetting(key, null);
                return file == null ? null : readableFile(key, file, ".csv", ".xml");
            }).fixedAtBuild();
    static final Setting<List<Path>> LISTS = Setting.<List<Path>>of("lists", "list of files", "– (none)", ".csv, readable",
            "plain CSV lists (id,kind,value,aliases)", (raw, key) -> raw.list(key, List.of()).stream()
                    .map(file -> readableFile(key, file, ".csv")).toList()).fixedAtBuild();

    public static final DetectorDeclaration<WatchListMatchSettings> DECLARATION = DetectorDeclaration.perEvent(
            WatchListMatchDetector.ID,
            (common, v) -> new WatchListMatchSettings(common, v.get(OFAC_SDN), v.get(LISTS)),
            OFAC_SDN, LISTS);

    /** A readable regular file whose name ends with one of {@code extensions} (the format is told by it). */
    private static Path readableFile(String key, String file, String... extensions) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(key, "cannot read the file '" + file + "'");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Arrays.stream(extensions).noneMatch(name::endsWith)) {
            throw new ConfigException(key, "'" + file + "' must be a " + String.join(" or ", extensions) + " file");
        }
        return path;
    }
}
