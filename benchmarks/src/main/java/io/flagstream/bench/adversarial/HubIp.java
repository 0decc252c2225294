package io.flagstream.bench.adversarial;

import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.replay.ReplayEvent;

import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One IP used by {@code accounts} distinct accounts (a big carrier NAT or a co-working egress that nobody
 * allow-listed): each account opens and has one short session from that IP (login, activity, logout over 40
 * minutes); the accounts arrive evenly over the period. Every login lands on the same IP key.
 */
final class HubIp implements AdversarialGenerator {
    static final String IP = "203.0.113.50";

    private final Spread spread;
    private final AdversarialEvents events;
    private final Random random;

    HubIp(int accounts, int days, long start, long seed) {
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
        return String.format(Locale.ROOT, "%,d accounts log in from one IP, one every %,d s", spread.n(), spread.gapMs() / 1000);
    }

    @Override
    public void prelude(Consumer<ReplayEvent> out) {
        // The accounts open during the period.
    }

    @Override
    public void day(int day, Consumer<ReplayEvent> out) {
        for (long i = spread.first(day); i < spread.first(day + 1); i++) {
            String account = String.format(Locale.ROOT, "hubip-%06d", i);
            String name = People.name(random);
            String[] locale = People.locale(random);
            String session = "s-" + account;
            String device = "dev-" + account;
            long t = spread.time(i);
            out.accept(events.created(account, name, locale[0], locale[1], t));
            out.accept(events.login(account, LoginKind.LOGIN_SUCCESS, session, IP, "US", IpType.BUSINESS, device, t + 5 * 60_000));
            out.accept(events.login(account, LoginKind.ACTIVITY, session, IP, "US", IpType.BUSINESS, device, t + 10 * 60_000));
            out.accept(events.login(account, LoginKind.LOGOUT, session, IP, "US", IpType.BUSINESS, device, t + 40 * 60_000));
        }
    }
}
