package io.flagstream.topology;

import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store, changelog and repartition names are the upgrade contract. No generated names may appear, and any
 * rename must show up in review as a change of the golden description.
 */
class TopologyNamingTest {
    private static final String GOLDEN = "/topology-description.txt";

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();

    @Test
    void everyProcessorStoreAndTopicHasAnExplicitName() {
        String description = fixture.topology.describe().toString();

        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "-STATE-STORE-");
    }

    @Test
    void theTopologyMatchesTheReviewedGoldenDescription() throws IOException {
        String description = fixture.topology.describe().toString();
        String golden;
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            if (in == null) {
                Path written = Files.writeString(Path.of("target", "topology-description.txt"), description);
                throw new AssertionError("No golden description yet; review and copy " + written.toAbsolutePath()
                        + " to src/test/resources" + GOLDEN);
            }
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!description.equals(golden)) {
            Path written = Files.writeString(Path.of("target", "topology-description.txt"), description);
            assertThat(description).as("topology changed: review " + written.toAbsolutePath()
                    + " and, if intended, copy it to src/test/resources" + GOLDEN).isEqualTo(golden);
        }
    }
}
