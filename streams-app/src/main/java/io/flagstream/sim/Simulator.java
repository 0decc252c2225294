package io.flagstream.sim;

import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A seeded, deterministic platform: benign clients and freelancers working their local hours, with the
 * confounders that make precision meaningful (households sharing a bank account, freelancers who switch
 * bank once, travel), plus planted operator behaviour with ground truth. Events are produced day by day in
 * event-time order, so memory does not grow with the number of days.
 */
public final class Simulator {
    private static final String[][] LOCALES = {
            {"US", "America/New_York"}, {"US", "America/Chicago"}, {"US", "America/Los_Angeles"},
            {"GB", "Europe/London"}, {"DE", "Europe/Berlin"}, {"PL", "Europe/Warsaw"}, {"UA", "Europe/Kyiv"},
            {"IN", "Asia/Kolkata"}, {"PH", "Asia/Manila"}, {"PK", "Asia/Karachi"}, {"BR", "America/Sao_Paulo"},
            {"NG", "Africa/Lagos"}, {"CA", "America/Toronto"}, {"JP", "Asia/Tokyo"}, {"KR", "Asia/Seoul"}};
    private static final String[] FIRST = {"Anna", "Ben", "Chen", "Diego", "Emma", "Farah", "Gabriel", "Hana",
            "Ivan", "Julia", "Kofi", "Lena", "Maria", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tomas"};
    private static final String[] LAST = {"Smith", "Garcia", "Kowalski", "Patel", "Silva", "Okafor", "Tanaka",
            "Kim", "Novak", "Schmidt", "Reyes", "Khan", "Brown", "Ivanenko", "Martin", "Santos"};

    private final DemoScenario scenario;
    private final Random random;
    private final List<SimAccount> accounts = new ArrayList<>();
    private final List<PlantedCase> planted = new ArrayList<>();
    private long sequence;
    private long emitted;

    public Simulator(DemoScenario scenario) {
        this.scenario = scenario;
        this.random = new Random(scenario.seed());
    }

    /** Generates every event, in event-time order, into {@code sink}; returns the planted cases. */
    public List<PlantedCase> run(Consumer<SimEvent> sink) {
        createPopulation();
        for (int day = 0; day < scenario.days(); day++) {
            List<SimEvent> today = new ArrayList<>();
            Instant dayStart = scenario.start().plus(Duration.ofDays(day));
            if (day == 0) {
                accounts.forEach(a -> setUp(a, dayStart, today));
            }
            for (SimAccount a : accounts) {
                simulateDay(a, day, dayStart, today);
            }
            today.sort(Comparator.comparingLong(SimEvent::timestamp).thenComparing(SimEvent::accountId));
            today.forEach(sink);
            emitted += today.size();
        }
        return List.copyOf(planted);
    }

    public long eventsGenerated() {
        return emitted;
    }

    private void createPopulation() {
        for (int i = 0; i < scenario.accounts(); i++) {
            SimAccount a = newAccount(String.format("acct-%05d", i), random.nextDouble() < 0.3 ? AccountRole.CLIENT : AccountRole.FREELANCER);
            a.behaviour = Behaviour.BENIGN;
            accounts.add(a);
        }
        // Households: two freelancers paying into one bank account (below any sane A16 threshold).
        List<SimAccount> freelancers = accounts.stream().filter(a -> a.role == AccountRole.FREELANCER).toList();
        for (int i = 0; i + 1 < freelancers.size() * 3 / 100; i += 2) {
            freelancers.get(i + 1).instrument = freelancers.get(i).instrument;
            freelancers.get(i + 1).behaviour = Behaviour.HOUSEHOLD;
        }
        for (int i = freelancers.size() - 1; i > freelancers.size() * 98 / 100; i--) {
            freelancers.get(i).behaviour = Behaviour.SWITCHES_BANK_ONCE;
            freelancers.get(i).switchDay = 1 + random.nextInt(Math.max(1, scenario.days() - 2));
        }
        for (int t = 0; t < scenario.sharedWalletTeams(); t++) {
            PaymentInstrument wallet = instrument("team" + t + "-wallet", InstrumentType.DIGITAL_WALLET, "CN", "Li Wei");
            int size = 3 + t;
            int burstStart = 1 + random.nextInt(Math.max(1, scenario.days() - 7));
            for (int m = 0; m < size; m++) {
                SimAccount a = newAccount(String.format("op-team%d-%02d", t, m), AccountRole.FREELANCER);
                a.instrument = wallet;
                a.behaviour = Behaviour.SHARED_WALLET;
                a.burstStart = burstStart;
                accounts.add(a);
            }
            planted.add(new PlantedCase(SharedPayoutInstrumentDetector.ID, "instrument", wallet.getFingerprint(),
                    size + " operator accounts pay out into one wallet within a week"));
        }
        for (int c = 0; c < scenario.churningAccounts(); c++) {
            SimAccount a = newAccount(String.format("op-churn-%02d", c), AccountRole.FREELANCER);
            a.behaviour = Behaviour.CHURNS_PAYMENT_METHODS;
            a.burstStart = 1 + random.nextInt(Math.max(1, scenario.days() - 10));
            accounts.add(a);
            planted.add(new PlantedCase(PaymentMethodChurnDetector.ID, "account", a.id,
                    "operator account changes its payout method 4 times within 10 days"));
        }
    }

    private SimAccount newAccount(String id, AccountRole role) {
        SimAccount a = new SimAccount();
        a.id = id;
        a.role = role;
        String[] locale = LOCALES[random.nextInt(LOCALES.length)];
        a.country = locale[0];
        a.zone = ZoneId.of(locale[1]);
        a.name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        a.instrument = instrument("bank-" + id, InstrumentType.BANK_ACCOUNT, a.country, a.name);
        a.ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        a.device = "dev-" + Long.toHexString(random.nextLong());
        return a;
    }

    private void setUp(SimAccount a, Instant dayStart, List<SimEvent> out) {
        Instant created = dayStart.plus(Duration.ofMinutes(random.nextInt(60)));
        out.add(SimEvent.of(change(a, AccountChangeKind.ACCOUNT_CREATED, null, created)));
        out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_ADDED, a.instrument, created.plusSeconds(120))));
    }

    private void simulateDay(SimAccount a, int day, Instant dayStart, List<SimEvent> out) {
        LocalDate date = LocalDate.ofInstant(dayStart, ZoneOffset.UTC);
        if (random.nextDouble() < 0.55) {
            Instant sessionStart = date.atTime(9 + random.nextInt(8), random.nextInt(60)).atZone(a.zone).toInstant();
            session(a, sessionStart, out);
        }
        switch (a.behaviour) {
            case SHARED_WALLET -> {
                if (day >= a.burstStart && day < a.burstStart + 5 && random.nextDouble() < 0.5 || day == a.burstStart + 5) {
                    out.add(SimEvent.of(payout(a, a.instrument, workingHour(a, date))));
                }
            }
            case CHURNS_PAYMENT_METHODS -> churn(a, day, date, out);
            case SWITCHES_BANK_ONCE -> {
                if (day == a.switchDay) {
                    PaymentInstrument old = a.instrument;
                    a.instrument = instrument("bank2-" + a.id, InstrumentType.BANK_ACCOUNT, a.country, a.name);
                    Instant t = workingHour(a, date);
                    out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_ADDED, a.instrument, t)));
                    out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_REMOVED, old, t.plusSeconds(300))));
                }
                ordinaryPayout(a, date, out);
            }
            default -> ordinaryPayout(a, date, out);
        }
    }

    private void ordinaryPayout(SimAccount a, LocalDate date, List<SimEvent> out) {
        if (a.role == AccountRole.FREELANCER && random.nextDouble() < 0.1) {
            out.add(SimEvent.of(payout(a, a.instrument, workingHour(a, date))));
        }
    }

    /** Day offsets from the burst start: new wallet, payout to another new wallet, old bank removed, one more wallet. */
    private void churn(SimAccount a, int day, LocalDate date, List<SimEvent> out) {
        int step = day - a.burstStart;
        Instant t = workingHour(a, date);
        switch (step) {
            case 0 -> out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_ADDED,
                    instrument("wallet1-" + a.id, InstrumentType.DIGITAL_WALLET, "HK", a.name), t)));
            case 3 -> out.add(SimEvent.of(payout(a, instrument("crypto-" + a.id, InstrumentType.CRYPTO_WALLET, null, null), t)));
            case 5 -> out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_REMOVED, a.instrument, t)));
            case 9 -> out.add(SimEvent.of(change(a, AccountChangeKind.PAYMENT_METHOD_ADDED,
                    instrument("wallet2-" + a.id, InstrumentType.PAYMENT_PLATFORM_WALLET, "CN", "Zhang Min"), t)));
            default -> {
            }
        }
    }

    private void session(SimAccount a, Instant start, List<SimEvent> out) {
        boolean travelling = random.nextDouble() < 0.01;
        String ip = travelling ? "172.16." + random.nextInt(256) + "." + (1 + random.nextInt(254)) : a.ip;
        String country = travelling ? LOCALES[random.nextInt(LOCALES.length)][0] : a.country;
        String session = "s-" + nextId();
        out.add(SimEvent.of(login(a, LoginKind.LOGIN_SUCCESS, session, ip, country, start)));
        int beats = 1 + random.nextInt(3);
        Instant t = start;
        for (int i = 0; i < beats; i++) {
            t = t.plus(Duration.ofMinutes(15 + random.nextInt(30)));
            out.add(SimEvent.of(login(a, LoginKind.HEARTBEAT, session, ip, country, t)));
        }
        out.add(SimEvent.of(login(a, LoginKind.LOGOUT, session, ip, country, t.plus(Duration.ofMinutes(5)))));
    }

    private Instant workingHour(SimAccount a, LocalDate date) {
        return date.atTime(9 + random.nextInt(8), random.nextInt(60), random.nextInt(60)).atZone(a.zone).toInstant();
    }

    private Payout payout(SimAccount a, PaymentInstrument to, Instant t) {
        BigDecimal amount = BigDecimal.valueOf(50 + random.nextInt(1950) + random.nextInt(100) / 100.0).setScale(4, RoundingMode.HALF_UP);
        return Payout.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t).setAmount(amount)
                .setCurrency("USD").setInstrument(to).setRequestIp(a.ip).build();
    }

    private AccountChange change(SimAccount a, AccountChangeKind kind, PaymentInstrument instrument, Instant t) {
        return AccountChange.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t).setKind(kind)
                .setRole(a.role).setInstrument(instrument).setDeclaredCountry(a.country).setTimezone(a.zone.getId())
                .setLegalName(a.name).build();
    }

    private Login login(SimAccount a, LoginKind kind, String session, String ip, String country, Instant t) {
        return Login.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t).setKind(kind)
                .setSessionId(session).setIp(ip).setIpCountry(country).setIpType(IpType.RESIDENTIAL)
                .setDeviceId(a.device).setOpenPorts(List.of()).build();
    }

    private static PaymentInstrument instrument(String fingerprint, InstrumentType type, String country, String holder) {
        return PaymentInstrument.newBuilder().setFingerprint(fingerprint).setType(type).setCountry(country)
                .setHolderName(holder).setProvider(type == InstrumentType.BANK_ACCOUNT ? "Bank" : "WalletCo").build();
    }

    private String nextId() {
        return "sim" + scenario.seed() + "-" + (++sequence);
    }

    private enum Behaviour { BENIGN, HOUSEHOLD, SWITCHES_BANK_ONCE, SHARED_WALLET, CHURNS_PAYMENT_METHODS }

    private static final class SimAccount {
        String id;
        AccountRole role;
        String country;
        ZoneId zone;
        String name;
        PaymentInstrument instrument;
        String ip;
        String device;
        Behaviour behaviour;
        int burstStart;
        int switchDay;
    }
}
