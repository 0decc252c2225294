package io.flagstream.bench.adversarial;

import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.replay.ReplayEvent;

import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One payout instrument paid by {@code accounts} distinct accounts (a payroll provider's collection account):
 * each account opens, adds the instrument, logs in from home and pays out to it once, 15 minutes in all; the
 * accounts arrive evenly over the period. Every payout lands on the same instrument key, so a detector whose cost
 * grows with an instrument's payers pays for the whole history on each one.
 */
final class HubInstrument implements AdversarialGenerator {
    static final String FINGERPRINT = "hub-payroll-collection";
    private static final PaymentInstrument HUB = AdversarialEvents.instrument(FINGERPRINT, InstrumentType.PAYMENT_PLATFORM_WALLET,
            "US", "Global Payroll Services Inc", "PayCo");

    private final Spread spread;
    private final AdversarialEvents events;
    private final Random random;

    HubInstrument(int accounts, int days, long start, long seed) {
        this.spread = new Spread(accounts, days, start);
        this.events = new AdversarialEvents(seed);
        this.random = new Random(seed);
    }

    @Override
    public int days() {
        return spread.days();
    }

    @Override
    public long events() {
        return 4 * spread.n();
    }

    @Override
    public String shape() {
        return String.format(Locale.ROOT, "%,d accounts pay out to one instrument, one every %,d s", spread.n(), spread.gapMs() / 1000);
    }

    @Override
    public void prelude(Consumer<ReplayEvent> out) {
        // The accounts open during the period.
    }

    @Override
    public void day(int day, Consumer<ReplayEvent> out) {
        for (long i = spread.first(day); i < spread.first(day + 1); i++) {
            String account = String.format(Locale.ROOT, "hubpay-%06d", i);
            String name = People.name(random);
            String[] locale = People.locale(random);
            String ip = People.residentialIp(random);
            long t = spread.time(i);
            out.accept(events.created(account, name, locale[0], locale[1], t));
            out.accept(events.methodAdded(account, name, locale[0], locale[1], HUB, t + 5 * 60_000));
            out.accept(events.login(account, LoginKind.LOGIN_SUCCESS, "s-" + account, ip, locale[0], IpType.RESIDENTIAL,
                    "dev-" + account, t + 10 * 60_000));
            out.accept(events.payout(account, HUB, 80 + random.nextInt(2900), ip, t + 15 * 60_000));
        }
    }
}
