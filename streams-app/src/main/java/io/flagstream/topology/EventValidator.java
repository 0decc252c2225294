package io.flagstream.topology;

import io.flagstream.config.InputSettings;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;

import org.apache.avro.specific.SpecificRecord;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Semantic checks that the Avro schema cannot express. A record that fails one is not processed but sent to
 * the dead-letter topic with every problem listed, so a producer bug is visible at once.
 *
 * <p>Events dated in the future are refused: their time becomes the record time of repartition and
 * changelog records, which the broker rejects past {@code log.message.timestamp.after.max.ms} (1 h by
 * default), and that would stop the app on every restart; a smaller skew would still push the detectors'
 * event time ahead and make on-time events look late.
 */
public final class EventValidator {
    private final long maxClockSkewMs;
    private final InputBounds bounds;
    private final Clock clock;

    public EventValidator(InputSettings input, Clock clock) {
        this.maxClockSkewMs = input.maxClockSkew().toMillis();
        this.bounds = new InputBounds(input);
        this.clock = clock;
    }

    public List<String> payout(Payout p) {
        List<String> problems = common(p, p.getEventId(), p.getAccountId(), p.getTimestamp().toEpochMilli());
        bounds.amount(p.getAmount(), problems);
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

    public List<String> login(Login l) {
        List<String> problems = common(l, l.getEventId(), l.getAccountId(), l.getTimestamp().toEpochMilli());
        if (l.getIp().isBlank()) {
            problems.add("ip is empty");
        }
        return problems;
    }

    public List<String> accountChange(AccountChange c) {
        List<String> problems = common(c, c.getEventId(), c.getAccountId(), c.getTimestamp().toEpochMilli());
        boolean paymentChange = switch (c.getKind()) {
            case PAYMENT_METHOD_ADDED, PAYMENT_METHOD_REMOVED, PAYMENT_METHOD_UPDATED -> true;
            default -> false;
        };
        if (paymentChange && (c.getInstrument() == null || c.getInstrument().getFingerprint().isBlank())) {
            problems.add(c.getKind() + " needs instrument.fingerprint");
        }
        return problems;
    }

    private List<String> common(SpecificRecord event, String eventId, String accountId, long timestamp) {
        long now = clock.millis();
        List<String> problems = new ArrayList<>(bounds.problems(event, timestamp, now));
        if (eventId.isBlank()) {
            problems.add("eventId is empty");
        }
        if (accountId.isBlank()) {
            problems.add("accountId is empty");
        }
        if (timestamp <= 0) {
            problems.add("timestamp must be after 1970-01-01 but is " + timestamp);
        }
        if (timestamp > now + maxClockSkewMs) {
            problems.add("timestamp " + Instant.ofEpochMilli(timestamp) + " is in the future (now " + Instant.ofEpochMilli(now)
                    + ", allowed skew " + Duration.ofMillis(maxClockSkewMs) + ")");
        }
        return problems;
    }
}
