package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;

/**
 * The outcome of checking one live change: the value to write to the live-state topic (null for a removal),
 * or the dead letter saying why the change was refused.
 */
record LiveChange(byte[] value, DeadLetter rejected) {
    static LiveChange accepted(byte[] value) {
        return new LiveChange(value, null);
    }

    static LiveChange rejected(DeadLetter deadLetter) {
        return new LiveChange(null, deadLetter);
    }

    boolean isAccepted() {
        return rejected == null;
    }
}
