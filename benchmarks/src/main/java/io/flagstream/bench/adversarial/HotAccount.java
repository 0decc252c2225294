package io.flagstream.bench.adversarial;

import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.replay.ReplayEvent;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One account with {@code logins} login events over the period (a scripted client polling the platform):
 * sessions of ten events (login, activity, seven heartbeats, logout), evenly spaced, from a handful of IPs in
 * three countries; the country changes at most every six hours, so the load is one key's history growing, not a
 * stream of travel alerts. The account opened a month before the period.
 */
final class HotAccount implements AdversarialGenerator {
    static final String ACCOUNT = "hot-000001";
    private static final int SESSION = 10;
    private static final long STINT_MS = 6 * 3_600_000L;
    private static final String[][][] IPS = {
            {{"10.20.30.40", "RESIDENTIAL"}, {"10.20.30.41", "RESIDENTIAL"}, {"100.72.5.7", "MOBILE"}, {"100.72.5.8", "MOBILE"}},
            {{"81.2.69.160", "RESIDENTIAL"}, {"81.2.69.161", "BUSINESS"}},
            {{"85.214.132.117", "BUSINESS"}, {"85.214.132.118", "BUSINESS"}}};
    private static final String[] COUNTRIES = {"US", "GB", "DE"};

    private final Spread spread;
    private final AdversarialEvents events;
    private final long seed;

    HotAccount(long logins, int days, long start, long seed) {
        this.spread = new Spread(logins, days, start);
        this.events = new AdversarialEvents(seed);
        this.seed = seed;
    }

    @Override
    public int days() {
        return spread.days();
    }

    @Override
    public long events() {
        return spread.n() + 2;
    }

    @Override
    public String shape() {
        return String.format(Locale.ROOT, "one account, %,d logins, one every %,d ms, %d IPs in %d countries", spread.n(),
                spread.gapMs(), Arrays.stream(IPS).mapToInt(ips -> ips.length).sum(), COUNTRIES.length);
    }

    @Override
    public void prelude(Consumer<ReplayEvent> out) {
        long opened = spread.start() - 30 * DAY_MS;
        out.accept(events.created(ACCOUNT, "Emma Smith", "US", "America/New_York", opened));
        out.accept(events.methodAdded(ACCOUNT, "Emma Smith", "US", "America/New_York",
                AdversarialEvents.instrument("bank-" + ACCOUNT, InstrumentType.BANK_ACCOUNT, "US", "Emma Smith", "Bank"),
                opened + 30 * 60_000));
    }

    @Override
    public void day(int day, Consumer<ReplayEvent> out) {
        for (long i = spread.first(day); i < spread.first(day + 1); i++) {
            long t = spread.time(i);
            long session = i / SESSION;
            int country = Math.floorMod(mix(seed + t / STINT_MS), COUNTRIES.length);
            String[] ip = IPS[country][Math.floorMod(mix(seed ^ session), IPS[country].length)];
            out.accept(events.login(ACCOUNT, kind(i % SESSION), "s-hot-" + session, ip[0], COUNTRIES[country],
                    IpType.valueOf(ip[1]), "dev-hot-1", t));
        }
    }

    private static LoginKind kind(long position) {
        if (position == 0) {
            return LoginKind.LOGIN_SUCCESS;
        }
        if (position == 1) {
            return LoginKind.ACTIVITY;
        }
        return position == SESSION - 1 ? LoginKind.LOGOUT : LoginKind.HEARTBEAT;
    }

    /** SplitMix64's finalizer: a well-spread hash, so IP choices do not follow the session number. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
