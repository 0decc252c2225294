package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;

/** The outcome of reading one input record: the event, or the dead letter that explains why not. */
public record Decoded<T>(T event, DeadLetter deadLetter) {
    static <T> Decoded<T> ok(T event) {
        return new Decoded<>(event, null);
    }

    static <T> Decoded<T> failed(DeadLetter deadLetter) {
        return new Decoded<>(null, deadLetter);
    }

    boolean isOk() {
        return deadLetter == null;
    }
}
