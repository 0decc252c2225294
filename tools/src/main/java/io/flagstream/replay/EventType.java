package io.flagstream.replay;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code type} of a JSON Lines event: which Avro contract (and input topic) it belongs to. */
public enum EventType {
    PAYOUT("payout", Payout.getClassSchema(), Payout.class),
    LOGIN("login", Login.getClassSchema(), Login.class),
    ACCOUNT_CHANGE("account-change", AccountChange.getClassSchema(), AccountChange.class);

    private final String label;
    private final Schema schema;
    private final Class<? extends SpecificRecord> recordClass;

    EventType(String label, Schema schema, Class<? extends SpecificRecord> recordClass) {
        this.label = label;
        this.schema = schema;
        this.recordClass = recordClass;
    }

    /** The value of the {@code type} field. */
    public String label() {
        return label;
    }

    public Schema schema() {
        return schema;
    }

    public static Optional<EventType> ofLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    public static EventType of(SpecificRecord event) {
        return Arrays.stream(values()).filter(t -> t.recordClass.isInstance(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an input event: " + event.getClass().getName()));
    }

    static String labels() {
        return Arrays.stream(values()).map(EventType::label).collect(Collectors.joining(", "));
    }
}
