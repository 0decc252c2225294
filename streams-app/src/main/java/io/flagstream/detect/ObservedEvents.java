package io.flagstream.detect;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.state.ObservedEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reduces input events to what detectors keep in their windows: identity, time, the counted subject and
 * the facts a reviewer reads in the alert's evidence.
 */
public final class ObservedEvents {
    public static final String PAYOUTS = "payouts";
    public static final String LOGINS = "logins";
    public static final String ACCOUNT_CHANGES = "account-changes";
    /** The fact saying when the account added the payout's instrument (ISO instant), where the profile knows. */
    public static final String INSTRUMENT_ADDED_AT = "instrumentAddedAt";

    private ObservedEvents() {
    }

    public static ObservedEvent of(Payout p, String subject) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("kind", "PAYOUT");
        facts.put("amount", p.getAmount().stripTrailingZeros().toPlainString() + " " + p.getCurrency());
        instrumentFacts(p.getInstrument(), facts);
        putIfPresent(facts, "requestIp", p.getRequestIp());
        if (p.getIntermediary() != null) {
            facts.put("intermediary", p.getIntermediary().getName());
        }
        return new ObservedEvent(p.getEventId(), PAYOUTS, p.getAccountId(), p.getTimestamp().toEpochMilli(), subject, facts);
    }

    public static ObservedEvent of(AccountChange c, String subject) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("kind", c.getKind().name());
        if (c.getInstrument() != null) {
            instrumentFacts(c.getInstrument(), facts);
        }
        return new ObservedEvent(c.getEventId(), ACCOUNT_CHANGES, c.getAccountId(), c.getTimestamp().toEpochMilli(), subject, facts);
    }

    public static ObservedEvent of(Login l, String subject) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("kind", l.getKind().name());
        facts.put("ip", l.getIp());
        putIfPresent(facts, "ipCountry", l.getIpCountry());
        facts.put("ipType", l.getIpType().name());
        if (l.getAsn() != null) {
            facts.put("asn", "AS" + l.getAsn());
        }
        putIfPresent(facts, "deviceId", l.getDeviceId());
        return new ObservedEvent(l.getEventId(), LOGINS, l.getAccountId(), l.getTimestamp().toEpochMilli(), subject, facts);
    }

    /** Adds {@link #INSTRUMENT_ADDED_AT} to the event when {@code addedAt} (epoch ms) is known; returns the event. */
    public static ObservedEvent withInstrumentAddedAt(ObservedEvent e, Long addedAt) {
        if (addedAt != null) {
            e.getFacts().put(INSTRUMENT_ADDED_AT, Instant.ofEpochMilli(addedAt).toString());
        }
        return e;
    }

    private static void instrumentFacts(PaymentInstrument i, Map<String, String> facts) {
        facts.put("instrument", i.getFingerprint());
        facts.put("instrumentType", i.getType().name());
        putIfPresent(facts, "provider", i.getProvider());
        putIfPresent(facts, "instrumentCountry", i.getCountry());
        putIfPresent(facts, "holderName", i.getHolderName());
    }

    private static void putIfPresent(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, value);
        }
    }
}
