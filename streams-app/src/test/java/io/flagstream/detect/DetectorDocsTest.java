package io.flagstream.detect;

import io.flagstream.config.ConfigLoader;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/detectors.md maps every detector id to its indicator and class, because package names do not spell the
 * indicator (A16 lives in {@code sharedinstrument}): the table cannot drift from the catalogue.
 */
class DetectorDocsTest {
    private static final Path DETECTORS = Path.of("..", "docs", "detectors.md");

    @Test
    void everyDetectorOfTheCatalogueHasARowNamingItsIndicatorAndClass() throws IOException {
        String doc = Files.readString(DETECTORS);
        List<Detector> all = DetectorCatalogue.enabled(ConfigLoader.load(TopologyFixture.baseSettings("docs"), Map.of()));

        assertThat(all).hasSizeGreaterThanOrEqualTo(16);
        assertThat(all).allSatisfy(d -> assertThat(doc).as("docs/detectors.md row for " + d.id())
                .contains("| `" + d.id() + "` | " + d.indicator().name() + " | `" + d.getClass().getName() + "` |"));
    }
}
