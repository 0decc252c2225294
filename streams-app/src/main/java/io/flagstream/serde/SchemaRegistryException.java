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
    private final boolean transientFailure;

    /** A refusal: the registry answered with {@code httpStatus} and, if non-zero, its {@code errorCode}. */
    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.transientFailure = false;
    }

    /** A failure without a registry error: an unusable answer. */
    public SchemaRegistryException(String message) {
        this(message, null);
    }

    /** A failure without a registry error: an unusable answer (not transient). */
    public SchemaRegistryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private SchemaRegistryException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
        this.transientFailure = transientFailure;
    }

    /** No answer: refused, timed out, TLS failed, interrupted. Transient. */
    public static SchemaRegistryException unavailable(String message, Throwable cause) {
        return new SchemaRegistryException(message, cause, true);
    }

    /**
     * True when the registry said the schema, subject or version does not exist (HTTP 404 or an error code
     * 404xx): asking again will not help, so a record naming it is bad input. Anything else (no answer, a 5xx,
     * 408, 429, an unusable answer) may pass and is {@link #isTransient() transient}.
     */
    public boolean isNotFound() {
        return httpStatus == 404 || errorCode / 100 == 404;
    }

    /**
     * True when the registry could not be asked or could not answer now: no connection, a timeout, an HTTP 5xx,
     * 408 or 429. Such a failure says nothing about the record, so the record must be kept and retried.
     */
    public boolean isTransient() {
        return transientFailure || httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }

    /** True if the first {@link SchemaRegistryException} in {@code e}'s cause chain is transient. */
    public static boolean causedByOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return registry.isTransient();
            }
        }
        return false;
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
