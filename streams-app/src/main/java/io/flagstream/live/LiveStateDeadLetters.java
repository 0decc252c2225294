package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;

import java.util.Properties;

/**
 * Where the live-state reader sends the records it cannot read. It runs on the global thread, which Kafka 4.4
 * gives no way to produce from (its exception handlers refuse dead letters for global stores), so the app passes
 * its own sender in the Streams properties under {@link #CONFIG}; without one (replay, tests) the reader only logs.
 */
@FunctionalInterface
public interface LiveStateDeadLetters {
    String CONFIG = "flagstream.internal.live-state-dead-letters";

    void send(DeadLetter letter);

    static LiveStateDeadLetters from(Properties streamsProperties) {
        return streamsProperties.get(CONFIG) instanceof LiveStateDeadLetters sender ? sender : letter -> { };
    }
}
