package io.flagstream.bench.adversarial;

import io.flagstream.replay.ReplayEvent;

/** A pull-based source of input events in event-time order, consumed once. */
interface EventSource {
    /** The next event, or null at the end. */
    ReplayEvent next();

    /** Events handed out so far. */
    long handedOut();
}
