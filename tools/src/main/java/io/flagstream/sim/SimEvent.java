package io.flagstream.sim;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import org.apache.avro.specific.SpecificRecord;

/** One generated input event with the topic kind it belongs to. */
public record SimEvent(Kind kind, String accountId, long timestamp, SpecificRecord event) {
    public enum Kind { PAYOUT, LOGIN, ACCOUNT_CHANGE }

    static SimEvent of(Payout p) {
        return new SimEvent(Kind.PAYOUT, p.getAccountId(), p.getTimestamp().toEpochMilli(), p);
    }

    static SimEvent of(Login l) {
        return new SimEvent(Kind.LOGIN, l.getAccountId(), l.getTimestamp().toEpochMilli(), l);
    }

    static SimEvent of(AccountChange c) {
        return new SimEvent(Kind.ACCOUNT_CHANGE, c.getAccountId(), c.getTimestamp().toEpochMilli(), c);
    }
}
