package io.flagstream.bench.adversarial;

import io.flagstream.replay.ReplayEvent;

import java.util.function.Consumer;

/**
 * One adversarial load, generated day by day so that memory holds about one day of it. Seeded: the same options
 * give the same events.
 */
interface AdversarialGenerator {
    long DAY_MS = 86_400_000L;

    /** Days of the period, from the scenario's start. */
    int days();

    /** How many events it generates in all (prelude included). */
    long events();

    /** One line on the shape of the load, for the report (e.g. the largest in-degree). */
    String shape();

    /** Events before the period (account openings), in any order. */
    void prelude(Consumer<ReplayEvent> out);

    /**
     * Events of the entities that start on day {@code day}: none earlier than that day's start, and none a full
     * day or more after it (a session may run past midnight).
     */
    void day(int day, Consumer<ReplayEvent> out);
}
