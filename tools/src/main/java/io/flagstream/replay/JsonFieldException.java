package io.flagstream.replay;

/** A JSON value that does not fit its Avro field; the message names the field ("field 'amount': ..."). */
public final class JsonFieldException extends RuntimeException {
    private final String field;

    JsonFieldException(String field, String problem) {
        super(field == null ? problem : "field '" + field + "': " + problem);
        this.field = field;
    }

    /** Dotted path of the field ({@code instrument.fingerprint}, {@code openPorts[2]}); null for the whole line. */
    public String field() {
        return field;
    }
}
