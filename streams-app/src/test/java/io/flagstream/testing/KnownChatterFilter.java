package io.flagstream.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.List;

/**
 * Drops, in test logs only, library warnings that every topology start repeats and that a test can do nothing
 * about: each test driver and app start logged Kafka's advice to enable the processing exception handler for the
 * global thread (2,550 of the CI log's 7,837 lines), which FlagStream keeps off on purpose (see
 * {@code HandlerDeadLetters}); temporary state directories; standby replicas a single test instance cannot place;
 * Kafka's window store skipping expired records in a test that writes them on purpose.
 * The app's own logs still show them.
 */
public final class KnownChatterFilter extends Filter<ILoggingEvent> {
    private static final List<String> KNOWN = List.of(
            "Processing exception handler is not enabled for the GlobalThread.",
            // Tests put state in temporary directories on purpose; the app's own default is documented.
            "Using an OS temp directory in the state.dir property",
            // One-instance tests of an app configured with a standby replica: nowhere to put it.
            "Unable to assign",
            // Kafka's in-memory window store, the reference KeyOrderedWindowStoreTest compares ours with, on
            // every put the test makes past retention on purpose (566 lines); the app counts its late events itself.
            "Skipping record for expired");

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String message = event.getMessage();
        return message != null && KNOWN.stream().anyMatch(message::startsWith) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
