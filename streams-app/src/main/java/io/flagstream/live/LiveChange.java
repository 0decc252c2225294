package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;

/**
 * The outcome of checking one live change: the value to write to the live-state topic (null for a removal),
 * or the dead letter saying why the change was refused; either way its line for the audit topic.
 */
record LiveChange(byte[] value, DeadLetter rejected, String audit) {
    static LiveChange accepted(byte[] value, AuditEntry audit) {
        return new LiveChange(value, null, audit.toJson());
    }

    static LiveChange rejected(DeadLetter deadLetter, AuditEntry audit) {
        return new LiveChange(null, deadLetter, audit.toJson());
    }

    boolean isAccepted() {
        return rejected == null;
    }
}
