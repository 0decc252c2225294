package io.flagstream.serde;

import java.util.OptionalInt;

/**
 * A schema registry refused a request or could not be reached. Carries the HTTP status and the
 * registry's own {@code error_code} (e.g. 40403 "Schema not found") when there were any, so callers
 * and logs can tell "unknown id" from "wrong credentials" from "registry down".
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    /** A refusal: the registry answered with {@code httpStatus} and, if non-zero, its {@code errorCode}. */
    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** A failure without a registry error: an unusable answer. */
    public SchemaRegistryException(String message) {
        this(message, null);
    }

    /** A failure without a registry error: no answer (refused, timed out, TLS, interrupted) or an unusable one. */
    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
    }

    /** The HTTP status of the registry's answer; empty when no answer was received. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The registry's {@code error_code}; empty when it gave none. */
    public OptionalInt errorCode() {
        return errorCode == 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
    }
}
