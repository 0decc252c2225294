package io.flagstream.detect.freshinstrument;

import io.flagstream.state.PayoutContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of A19's two conditions a payout meets: its instrument was added less than {@code instrumentAge}
 * before it, or its account was created less than {@code accountAge} before it. A missing time (instrument
 * never added through an account change, no ACCOUNT_CREATED seen) meets neither.
 *
 * @param instrumentAgeMs age of the instrument at payout time, or null when unknown
 * @param accountAgeMs    age of the account at payout time, or null when unknown
 */
record Freshness(boolean freshInstrument, boolean newAccount, Long instrumentAgeMs, Long accountAgeMs) {

    static Freshness of(PayoutContext ctx, Duration instrumentAge, Duration accountAge) {
        long t = ctx.getPayout().getTimestamp().toEpochMilli();
        Long instrumentAgeMs = ctx.getInstrumentAddedAt() == null ? null : Math.max(0, t - ctx.getInstrumentAddedAt());
        Long accountAgeMs = ctx.getAccountCreatedAt() == null ? null : Math.max(0, t - ctx.getAccountCreatedAt());
        return new Freshness(
                instrumentAgeMs != null && instrumentAgeMs < instrumentAge.toMillis(),
                accountAgeMs != null && accountAgeMs < accountAge.toMillis(),
                instrumentAgeMs, accountAgeMs);
    }

    boolean any() {
        return freshInstrument || newAccount;
    }

    /** "fresh-instrument", "new-account" or both, comma-separated. */
    String conditions() {
        List<String> names = new ArrayList<>();
        if (freshInstrument) {
            names.add("fresh-instrument");
        }
        if (newAccount) {
            names.add("new-account");
        }
        return String.join(",", names);
    }

    /** An age for a reader: "2h 5m", "3d 4h", "45s". */
    static String age(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }
}
