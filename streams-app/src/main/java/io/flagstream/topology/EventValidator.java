package io.flagstream.topology;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Semantic checks that the Avro schema cannot express. A record that fails one is not processed but sent to
 * the dead-letter topic with every problem listed, so a producer bug is visible at once.
 */
public final class EventValidator {
    private EventValidator() {
    }

    public static List<String> payout(Payout p) {
        List<String> problems = common(p.getEventId(), p.getAccountId(), p.getTimestamp().toEpochMilli());
        if (p.getAmount() == null || p.getAmount().compareTo(BigDecimal.ZERO) <= 0) {
            problems.add("amount must be positive but is " + p.getAmount());
        }
        if (p.getCurrency() == null || !p.getCurrency().matches("[A-Z]{3}")) {
            problems.add("currency must be an ISO 4217 code but is '" + p.getCurrency() + "'");
        }
        if (p.getInstrument().getFingerprint().isBlank()) {
            problems.add("instrument.fingerprint is empty");
        }
        return problems;
    }

    public static List<String> login(Login l) {
        List<String> problems = common(l.getEventId(), l.getAccountId(), l.getTimestamp().toEpochMilli());
        if (l.getIp().isBlank()) {
            problems.add("ip is empty");
        }
        return problems;
    }

    public static List<String> accountChange(AccountChange c) {
        List<String> problems = common(c.getEventId(), c.getAccountId(), c.getTimestamp().toEpochMilli());
        boolean paymentChange = switch (c.getKind()) {
            case PAYMENT_METHOD_ADDED, PAYMENT_METHOD_REMOVED, PAYMENT_METHOD_UPDATED -> true;
            default -> false;
        };
        if (paymentChange && (c.getInstrument() == null || c.getInstrument().getFingerprint().isBlank())) {
            problems.add(c.getKind() + " needs instrument.fingerprint");
        }
        return problems;
    }

    private static List<String> common(String eventId, String accountId, long timestamp) {
        List<String> problems = new ArrayList<>();
        if (eventId.isBlank()) {
            problems.add("eventId is empty");
        }
        if (accountId.isBlank()) {
            problems.add("accountId is empty");
        }
        if (timestamp <= 0) {
            problems.add("timestamp must be after 1970-01-01 but is " + timestamp);
        }
        return problems;
    }
}
