package io.flagstream.detect;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorDeclarations;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each catalogue line pairs a detector with its settings declaration: the pair must agree on the id (its keys
 * and its rule id), and the loader must see the catalogue's declarations (they reach it as a service).
 */
class DetectorCatalogueTest {
    @Test
    void everyDetectorIsMadeFromTheDeclarationOfItsOwnId() {
        var detectors = DetectorCatalogue.enabled(ConfigLoader.load(TopologyFixture.baseSettings("catalogue"), Map.of()));

        assertThat(detectors).extracting(Detector::id)
                .containsExactlyElementsOf(DetectorDeclarations.all().stream().map(DetectorDeclaration::id).toList());
    }

    @Test
    void aDetectorSwitchedOffIsLeftOut() {
        Map<String, String> settings = new java.util.HashMap<>(TopologyFixture.baseSettings("catalogue"));
        settings.put(ConfigLoader.key("a13-off-hours", "enabled"), "false");

        assertThat(DetectorCatalogue.enabled(ConfigLoader.load(settings, Map.of()))).extracting(Detector::id)
                .hasSize(DetectorDeclarations.all().size() - 1).doesNotContain("a13-off-hours");
    }
}
