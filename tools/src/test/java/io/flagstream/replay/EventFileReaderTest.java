package io.flagstream.replay;

import io.flagstream.events.Payout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void aBadLineIsReportedWithFileLineAndFieldCountedAndSkipped() throws IOException {
        Path file = write("payouts.jsonl", line("p-1", 0), line("p-2", 1).replace("\"100.0000\"", "\"abc\""), "", line("p-3", 2));
        List<String> errors = new ArrayList<>();

        List<String> ids = new ArrayList<>();
        try (EventFileReader r = new EventFileReader(file, false, errors::add)) {
            for (ReplayEvent e; (e = r.next()) != null; ) {
                ids.add(((Payout) e.event()).getEventId());
            }
            assertThat(r.badLines()).isEqualTo(1);
            assertThat(r.events()).isEqualTo(2);
        }

        assertThat(ids).containsExactly("p-1", "p-3");
        assertThat(errors).containsExactly(file + ":2: field 'amount': 'abc' is not a decimal");
    }

    @Test
    void strictStopsAtTheFirstBadLine() throws IOException {
        Path file = write("payouts.jsonl", line("p-1", 0), "not json", line("p-3", 2));

        try (EventFileReader r = new EventFileReader(file, true, e -> { })) {
            assertThat(r.next()).isNotNull();
            assertThatThrownBy(r::next).isInstanceOf(BadLineException.class)
                    .hasMessageStartingWith(file + ":2: not valid JSON");
        }
    }

    @Test
    void severalFilesAreMergedByEventTime() throws IOException {
        Path a = write("a.jsonl", line("a-1", 0), line("a-2", 5), line("a-3", 6));
        Path b = write("b.jsonl", line("b-1", 1), line("b-2", 5), line("b-3", 9));

        List<String> ids = new ArrayList<>();
        try (MergedEvents m = new MergedEvents(List.of(new EventFileReader(a, true, e -> { }), new EventFileReader(b, true, e -> { })))) {
            for (ReplayEvent e; (e = m.next()) != null; ) {
                ids.add(((Payout) e.event()).getEventId());
            }
            assertThat(m.outOfOrder()).isZero();
        }

        assertThat(ids).containsExactly("a-1", "b-1", "a-2", "b-2", "a-3", "b-3");
    }

    private static String line(String id, int minutes) {
        return EventJson.write(payout("acct-1").id(id).to("bank-1").amount("100", "USD").at(T0.plusSeconds(60L * minutes)));
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
