package io.flagstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version Maven built: from {@code io/flagstream/build.properties}, a resource filtered at build time, so it
 * is the same from the shaded jar, the image and the test classpath (a jar manifest entry would be missing
 * whenever classes run from a directory).
 */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/flagstream/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/flagstream/build.properties is missing from the classpath: build with Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read io/flagstream/build.properties", e);
        }
    }
}
