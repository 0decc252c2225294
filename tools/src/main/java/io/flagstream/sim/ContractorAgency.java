package io.flagstream.sim;

import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.PaymentInstrument;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A benign agency account that pays its contractors into their own bank accounts (in their names, not the
 * agency's), each on a fortnightly cycle, and takes on new contractors during the period at a rate that grows
 * with its size (about a tenth of its contractors in four weeks): a high-degree payer. It is what A9 (payee
 * in another name) and A17 (payouts to new instruments) see in an honest business.
 */
final class ContractorAgency {
    private static final int CYCLE_DAYS = 14;

    private final SimAccount account;
    private final EventFactory events;
    private final Random random;
    private final List<PaymentInstrument> contractors = new ArrayList<>();
    private final int established;

    ContractorAgency(SimAccount account, int contractors, EventFactory events, Random random) {
        this.account = account;
        this.events = events;
        this.random = random;
        this.established = contractors;
        for (int i = 0; i < contractors; i++) {
            this.contractors.add(contractor(i));
        }
    }

    int contractors() {
        return contractors.size();
    }

    /** The established contractors' accounts were added 30 to 300 days before the period. */
    void prelude(Instant start, List<SimEvent> out) {
        for (PaymentInstrument c : contractors) {
            out.add(events.change(account, AccountChangeKind.PAYMENT_METHOD_ADDED, c,
                    start.minus(Duration.ofHours(24L * 30 + random.nextInt(24 * 270)))));
        }
    }

    void simulateDay(int day, LocalDate date, List<SimEvent> out) {
        for (int i = 0; i < contractors.size(); i++) {
            if (i % CYCLE_DAYS == day % CYCLE_DAYS) {
                out.add(events.payout(account, contractors.get(i), 300 + random.nextInt(2500), workingHour(date)));
            }
        }
        if (random.nextDouble() < established / 280.0) {
            PaymentInstrument c = contractor(contractors.size());
            contractors.add(c);
            Instant added = workingHour(date);
            out.add(events.change(account, AccountChangeKind.PAYMENT_METHOD_ADDED, c, added));
            out.add(events.payout(account, c, 300 + random.nextInt(1200), added.plus(Duration.ofHours(2))));
        }
    }

    private PaymentInstrument contractor(int i) {
        String name = Simulator.FIRST[random.nextInt(Simulator.FIRST.length)] + " " + Simulator.LAST[random.nextInt(Simulator.LAST.length)];
        return EventFactory.instrument("contractor-" + account.id + "-" + i, InstrumentType.BANK_ACCOUNT,
                Simulator.LOCALES[random.nextInt(Simulator.LOCALES.length)][0], name, "Bank");
    }

    private Instant workingHour(LocalDate date) {
        return date.atTime(9 + random.nextInt(8), random.nextInt(60)).atZone(account.zone).toInstant();
    }
}
