package io.flagstream.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {
    @Test
    void writingIntoADirectoryThatDoesNotExistYetCreatesIt(@TempDir Path dir) throws IOException {
        Path alerts = dir.resolve("run-1").resolve("alerts.jsonl");

        try (Writer w = JsonLines.writer(alerts)) {
            w.write("{}\n");
        }

        assertThat(alerts).hasContent("{}");
        assertThat(Files.isDirectory(alerts.getParent())).isTrue();
    }
}
