package io.flagstream.config;

/** A16: at least {@code minAccounts} distinct accounts paying out to one instrument within the window. */
public record SharedInstrumentSettings(DetectorSettings common, int minAccounts) {
}
