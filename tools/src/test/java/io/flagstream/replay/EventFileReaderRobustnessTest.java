package io.flagstream.replay;

import io.flagstream.testing.Events;
import io.flagstream.testing.Times;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style (seeded loops): the JSON Lines reader that {@code replay} and {@code produce} use never throws on a
 * bad line when not strict; every non-blank line is either an event or a reported bad line. Lines: valid events
 * mutated (cut short, a value replaced by another JSON type, a field dropped, characters flipped) and random text.
 */
class EventFileReaderRobustnessTest {
    private static final int LINES = 400;
    private static final String[] JUNK_VALUES = {"null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"x\"", "12345678901234567890",
            "\"2026-13-45T99:99:99Z\"", "-0.00001", "\"NaN\""};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void everyLineIsAnEventOrAReportedBadLineAndNothingThrows(long seed, @TempDir Path dir) throws IOException {
        Random random = new Random(seed);
        List<String> valid = List.of(
                EventJson.write(Events.payout("acct-1").to("wallet-9").at(Times.T0)),
                EventJson.write(Events.login("acct-1").fromIp("203.0.113.7", "US").at(Times.T0)),
                EventJson.write(Events.change("acct-1").added("bank-1").at(Times.T0)));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(mutate(valid.get(random.nextInt(valid.size())), random));
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        List<String> errors = new ArrayList<>();

        long events = 0;
        try (EventFileReader reader = new EventFileReader(file, false, errors::add)) {
            while (reader.next() != null) {
                events++;
            }
            assertThat(reader.badLines()).isEqualTo(errors.size());
        }

        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();
        assertThat(events + errors.size()).as("events + bad lines, seed %d", seed).isEqualTo(nonBlank);
    }

    private static String mutate(String line, Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return line.substring(0, random.nextInt(line.length()));
            case 1: {
                // replace one value (after a colon) with a JSON value of another type
                int colon = nthColon(line, random);
                int end = valueEnd(line, colon + 1);
                return line.substring(0, colon + 1) + JUNK_VALUES[random.nextInt(JUNK_VALUES.length)] + line.substring(end);
            }
            case 2: {
                char[] chars = line.toCharArray();
                for (int k = 0; k < 3; k++) {
                    chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
                }
                return new String(chars);
            }
            case 3: {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(80);
                for (int k = 0; k < n; k++) {
                    sb.append((char) (32 + random.nextInt(95)));
                }
                return sb.toString();
            }
            default:
                return line;
        }
    }

    private static int nthColon(String line, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ':') {
                colons.add(i);
            }
        }
        return colons.get(random.nextInt(colons.size()));
    }

    /** Where the JSON value starting at {@code from} ends, roughly: the next comma or closing brace at depth 0. */
    private static int valueEnd(String line, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && line.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (!inString && c == ',' && depth == 0) {
                return i;
            }
        }
        return line.length();
    }
}
