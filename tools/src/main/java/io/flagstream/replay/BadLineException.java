package io.flagstream.replay;

/** A line that could not be read, with its place: {@code payouts.jsonl:17: field 'amount': 'abc' is not a decimal}. */
public final class BadLineException extends RuntimeException {
    BadLineException(String message, Throwable cause) {
        super(message, cause);
    }
}
