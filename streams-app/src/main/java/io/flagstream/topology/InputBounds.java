package io.flagstream.topology;

import io.flagstream.config.Durations;
import io.flagstream.config.InputSettings;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Limits on what one event may carry, so a producer bug or a hostile writer cannot grow state without bound or
 * slip an event past what the state still holds: every string (at any depth, map keys and list items included)
 * at most {@code maxStringLength} characters, amounts at most {@code maxAmount}, and event times at most
 * {@code maxEventAge} before the wall clock (older events would be written to changelogs that time-based
 * retention deletes at once, and no detector's state reaches that far back).
 */
final class InputBounds {
    private final InputSettings settings;

    InputBounds(InputSettings settings) {
        this.settings = settings;
    }

    /** Every bound the event breaks, one line each; empty when it keeps them all. */
    List<String> problems(SpecificRecord event, long eventTime, long now) {
        List<String> problems = new ArrayList<>();
        strings(event, "", problems);
        Duration age = Duration.ofMillis(now - eventTime);
        if (age.compareTo(settings.maxEventAge()) > 0) {
            problems.add("timestamp " + Instant.ofEpochMilli(eventTime) + " is older than flagstream.input.max-event-age ("
                    + Durations.format(settings.maxEventAge()) + ") before now (" + Instant.ofEpochMilli(now) + ")");
        }
        return problems;
    }

    /** The amount bound, for events that carry one. */
    void amount(BigDecimal amount, List<String> problems) {
        if (amount != null && amount.compareTo(settings.maxAmount()) > 0) {
            problems.add("amount " + amount.toPlainString() + " is over flagstream.input.max-amount (" + settings.maxAmount().toPlainString() + ")");
        }
    }

    private void strings(SpecificRecord record, String path, List<String> problems) {
        for (Schema.Field field : record.getSchema().getFields()) {
            check(record.get(field.pos()), path + field.name(), problems);
        }
    }

    private void check(Object value, String path, List<String> problems) {
        if (value instanceof CharSequence s) {
            if (s.length() > settings.maxStringLength()) {
                problems.add(path + " is " + s.length() + " characters, over flagstream.input.max-string-length ("
                        + settings.maxStringLength() + ")");
            }
        } else if (value instanceof SpecificRecord nested) {
            strings(nested, path + ".", problems);
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(item, path + "[" + i++ + "]", problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                check(e.getKey(), path + " key", problems);
                check(e.getValue(), path + "[" + e.getKey() + "]", problems);
            }
        }
    }
}
