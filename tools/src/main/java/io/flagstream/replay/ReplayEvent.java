package io.flagstream.replay;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.sim.SimEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * One input event read from (or written to) a JSON Lines file.
 *
 * @param timestamp event time in epoch milliseconds (the record time it is replayed or produced at)
 */
public record ReplayEvent(EventType type, String accountId, long timestamp, SpecificRecord event) {

    public static ReplayEvent of(SpecificRecord event) {
        if (event instanceof Payout p) {
            return new ReplayEvent(EventType.PAYOUT, p.getAccountId(), p.getTimestamp().toEpochMilli(), p);
        }
        if (event instanceof Login l) {
            return new ReplayEvent(EventType.LOGIN, l.getAccountId(), l.getTimestamp().toEpochMilli(), l);
        }
        if (event instanceof AccountChange c) {
            return new ReplayEvent(EventType.ACCOUNT_CHANGE, c.getAccountId(), c.getTimestamp().toEpochMilli(), c);
        }
        throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
    }

    public static ReplayEvent of(SimEvent e) {
        return of(e.event());
    }
}
