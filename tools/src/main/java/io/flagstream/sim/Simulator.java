package io.flagstream.sim;

import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded, deterministic freelance platform. Benign clients and freelancers work their local hours from
 * home, office and mobile IPs and get paid now and then; a share of them are the confounders that make
 * precision meaningful (households sharing a bank account and an IP, agencies paid into one account,
 * colleagues behind one corporate egress IP, travellers, night owls, consumer-VPN users, freelancers who
 * switch bank once). Operator teams ({@link OperatorTeam}) are planted on top, with ground truth.
 *
 * <p>Accounts were created before the simulated period (a prelude of creation events in the past comes
 * first); then events are produced day by day in event-time order, so memory does not grow with days.
 */
public final class Simulator {
    static final String[][] LOCALES = {
            {"US", "America/New_York"}, {"US", "America/Chicago"}, {"US", "America/Los_Angeles"},
            {"GB", "Europe/London"}, {"DE", "Europe/Berlin"}, {"PL", "Europe/Warsaw"}, {"UA", "Europe/Kyiv"},
            {"IN", "Asia/Kolkata"}, {"PH", "Asia/Manila"}, {"PK", "Asia/Karachi"}, {"BR", "America/Sao_Paulo"},
            {"NG", "Africa/Lagos"}, {"CA", "America/Toronto"}, {"JP", "Asia/Tokyo"}, {"KR", "Asia/Seoul"}};
    static final String[] FIRST = {"Anna", "Ben", "Chen", "Diego", "Emma", "Farah", "Gabriel", "Hana",
            "Ivan", "Julia", "Kofi", "Lena", "Maria", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tomas"};
    static final String[] LAST = {"Smith", "Garcia", "Kowalski", "Patel", "Silva", "Okafor", "Tanaka",
            "Kim", "Novak", "Schmidt", "Reyes", "Khan", "Brown", "Ivanenko", "Martin", "Santos"};

    /** Confounder types: the benign behaviours most likely to look like a red flag. */
    public enum Confounder {
        HOUSEHOLD, AGENCY, CORPORATE_VPN, TRAVELLER, NIGHT_OWL, VPN_USER, BANK_SWITCHER,
        /** Hard preset ({@link HardPopulation}): benign hubs and shared infrastructure. */
        PAYROLL_HUB, ESCROW_HUB, FAMILY_SHARED, CONTRACTOR_AGENCY, UNLISTED_CORPORATE_NAT, CARRIER_NAT
    }

    private final DemoScenario scenario;
    private final Random random;
    private final EventFactory events;
    private final List<Benign> benign = new ArrayList<>();
    private final List<OperatorTeam> teams = new ArrayList<>();
    private final List<StealthTeam> stealthTeams = new ArrayList<>();
    private final List<String> corporateEgressIps = new ArrayList<>();
    private final List<String> agencyInstruments = new ArrayList<>();
    private long emitted;

    public Simulator(DemoScenario scenario) {
        this.scenario = scenario;
        this.random = new Random(scenario.seed());
        this.events = new EventFactory(scenario.seed());
        createPopulation();
        for (int t = 0; t < scenario.operatorTeams(); t++) {
            teams.add(new OperatorTeam(t, scenario.start(), events, random));
        }
        if (scenario.hard() != null) {
            // After the default population and teams, so the default scenario's random draws stay as they were.
            addHardPopulation(scenario.hard());
        }
    }

    /** Generates every event, in event-time order, into {@code sink}; returns the ground truth. */
    public GroundTruth run(Consumer<SimEvent> sink) {
        List<SimEvent> prelude = new ArrayList<>();
        benign.forEach(b -> setUp(b, prelude));
        stealthTeams.forEach(s -> s.prelude(prelude));
        emit(prelude, sink);
        for (int day = 0; day < scenario.days(); day++) {
            List<SimEvent> today = new ArrayList<>();
            LocalDate date = LocalDate.ofInstant(scenario.start(), ZoneOffset.UTC).plusDays(day);
            for (Benign b : benign) {
                simulateDay(b, day, date, today);
            }
            for (OperatorTeam team : teams) {
                team.simulateDay(day, date, today);
            }
            for (StealthTeam team : stealthTeams) {
                team.simulateDay(day, date, today);
            }
            emit(today, sink);
        }
        return groundTruth();
    }

    public long eventsGenerated() {
        return emitted;
    }

    /** Egress IPs of the simulated companies: what a platform would put on its allow-list. */
    public List<String> corporateEgressIps() {
        return List.copyOf(corporateEgressIps);
    }

    /** Payout accounts of the simulated freelance agencies: known to the platform, allow-listable. */
    public List<String> agencyInstruments() {
        return List.copyOf(agencyInstruments);
    }

    private GroundTruth groundTruth() {
        Map<String, String> labels = new LinkedHashMap<>();
        benign.forEach(b -> labels.put(b.account.id, b.account.label));
        List<PlantedCase> cases = new ArrayList<>();
        for (OperatorTeam team : teams) {
            cases.addAll(team.plantedCases());
            team.accounts().forEach(a -> labels.put(a.id, a.label));
        }
        for (StealthTeam team : stealthTeams) {
            cases.addAll(team.plantedCases());
            team.accounts().forEach(a -> labels.put(a.id, a.label));
        }
        return new GroundTruth(List.copyOf(cases), Map.copyOf(labels), scenario.days(), scenario.start());
    }

    private void emit(List<SimEvent> batch, Consumer<SimEvent> sink) {
        batch.sort(Comparator.comparingLong(SimEvent::timestamp).thenComparing(SimEvent::accountId));
        batch.forEach(sink);
        emitted += batch.size();
    }

    private void createPopulation() {
        for (int i = 0; i < scenario.accounts(); i++) {
            String[] locale = LOCALES[random.nextInt(LOCALES.length)];
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            String id = String.format("acct-%05d", i);
            SimAccount a = new SimAccount(id, random.nextDouble() < 0.3 ? AccountRole.CLIENT : AccountRole.FREELANCER,
                    locale[0], ZoneId.of(locale[1]), name, residentialIp(), "dev-" + Long.toHexString(random.nextLong()));
            a.instrument = EventFactory.instrument("bank-" + id, InstrumentType.BANK_ACCOUNT, a.country, name, "Bank");
            benign.add(new Benign(a));
        }
        assignConfounders();
    }

    /** Roughly: 1% households, 1% agency members, 5% corporate VPN, 3% travellers, night owls, VPN users, 2% bank switchers. */
    private void assignConfounders() {
        List<Benign> freelancers = benign.stream().filter(b -> b.account.role == AccountRole.FREELANCER).toList();
        int f = freelancers.size();
        int next = 0;
        for (int i = 0; i < Math.max(1, f / 200) && next + 1 < f; i++, next += 2) {
            Benign first = freelancers.get(next);
            Benign second = freelancers.get(next + 1);
            second.account.joinHousehold(first.account);
            label(first, Confounder.HOUSEHOLD);
            label(second, Confounder.HOUSEHOLD);
        }
        for (int g = 0; g < Math.max(1, f / 400) && next + 4 <= f; g++) {
            PaymentInstrument agency = EventFactory.instrument("agency-" + g, InstrumentType.BANK_ACCOUNT, "GB",
                    "Bright Agency " + g + " Ltd", "Bank");
            agencyInstruments.add(agency.getFingerprint());
            for (int m = 0; m < 4; m++) {
                Benign member = freelancers.get(next++);
                member.account.instrument = agency;
                label(member, Confounder.AGENCY);
            }
        }
        List<Benign> rest = new ArrayList<>(benign.stream().filter(b -> b.confounder == null).toList());
        int n = benign.size();
        int cursor = 0;
        for (int company = 0; company < n * 5 / 100 / 5 && cursor + 5 <= rest.size(); company++) {
            String egress = "192.0.2." + (company % 250 + 1);
            corporateEgressIps.add(egress);
            for (int c = 0; c < 5; c++) {
                Benign colleague = rest.get(cursor++);
                colleague.corporateIp = egress;
                label(colleague, Confounder.CORPORATE_VPN);
            }
        }
        cursor = assign(rest, cursor, n * 3 / 100, Confounder.TRAVELLER);
        cursor = assign(rest, cursor, n * 3 / 100, Confounder.NIGHT_OWL);
        cursor = assign(rest, cursor, n * 3 / 100, Confounder.VPN_USER);
        List<Benign> switchers = rest.subList(cursor, rest.size()).stream()
                .filter(b -> b.account.role == AccountRole.FREELANCER).limit(n * 2L / 100).toList();
        switchers.forEach(b -> label(b, Confounder.BANK_SWITCHER));
        for (Benign b : benign) {
            b.tripStart = b.confounder == Confounder.TRAVELLER ? random.nextInt(Math.max(1, scenario.days() - 3)) : -1;
            b.switchDay = b.confounder == Confounder.BANK_SWITCHER ? 1 + random.nextInt(Math.max(1, scenario.days() - 2)) : -1;
        }
    }

    private int assign(List<Benign> rest, int cursor, int count, Confounder type) {
        for (int i = 0; i < count && cursor < rest.size(); i++) {
            label(rest.get(cursor++), type);
        }
        return cursor;
    }

    private static void label(Benign b, Confounder type) {
        b.confounder = type;
        b.account.label = GroundTruth.CONFOUNDER + type.name().toLowerCase().replace('_', '-');
    }

    /** Accounts were opened 1 to 12 months ago, with a payout method added soon after. */
    private void setUp(Benign b, List<SimEvent> out) {
        Instant created = scenario.start().minus(Duration.ofHours(24L * 30 + random.nextInt(24 * 335)));
        out.add(events.change(b.account, AccountChangeKind.ACCOUNT_CREATED, null, created));
        out.add(events.change(b.account, AccountChangeKind.PAYMENT_METHOD_ADDED, b.account.instrument,
                created.plus(Duration.ofMinutes(30 + random.nextInt(48 * 60)))));
        if (b.agency != null) {
            b.agency.prelude(scenario.start(), out);
        }
    }

    private void simulateDay(Benign b, int day, LocalDate date, List<SimEvent> out) {
        SimAccount a = b.account;
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        double pWork = b.confounder == Confounder.NIGHT_OWL ? 0.6 : weekend ? 0.2 : 0.7;
        if (random.nextDouble() < pWork) {
            int sessions = random.nextDouble() < 0.3 ? 2 : 1;
            for (int s = 0; s < sessions; s++) {
                int startHour = b.confounder == Confounder.NIGHT_OWL ? 17 + random.nextInt(4) : 8 + random.nextInt(9);
                Instant start = date.atTime(startHour, random.nextInt(60)).atZone(a.zone).toInstant();
                session(b, day, start, Duration.ofMinutes(45 + random.nextInt(200)), out);
            }
        }
        if (day == b.switchDay) {
            PaymentInstrument old = a.instrument;
            a.instrument = EventFactory.instrument("bank2-" + a.id, InstrumentType.BANK_ACCOUNT, a.country, a.name, "Bank");
            Instant t = workingHour(a, date);
            out.add(events.change(a, AccountChangeKind.PAYMENT_METHOD_ADDED, a.instrument, t));
            out.add(events.change(a, AccountChangeKind.PAYMENT_METHOD_REMOVED, old, t.plusSeconds(300)));
        }
        boolean justSwitched = b.switchDay >= 0 && day >= b.switchDay && day <= b.switchDay + 2;
        if (b.agency != null) {
            b.agency.simulateDay(day, date, out);
        } else if (b.payday != null) {
            if (date.getDayOfWeek() == b.payday) {
                out.add(events.payout(a, a.instrument, 400 + random.nextInt(1600), workingHour(a, date)));
            }
        } else if (a.role == AccountRole.FREELANCER && !weekend && !justSwitched && random.nextDouble() < 0.12) {
            out.add(events.payout(a, a.instrument, 80 + random.nextInt(2900) + random.nextInt(100) / 100.0, workingHour(a, date)));
        }
    }

    private void session(Benign b, int day, Instant start, Duration length, List<SimEvent> out) {
        SimAccount a = b.account;
        String ip = a.homeIp;
        String country = a.homeIpCountry;
        IpType type = IpType.RESIDENTIAL;
        double r = random.nextDouble();
        if (b.tripStart >= 0 && day >= b.tripStart && day < b.tripStart + 3) {
            ip = "100.64." + (b.tripStart % 250) + "." + (Math.abs(a.id.hashCode()) % 250 + 1);
            country = LOCALES[(b.tripStart + 3) % LOCALES.length][0];
            type = IpType.BUSINESS;
        } else if (b.corporateIp != null && r < 0.8) {
            ip = b.corporateIp;
            type = IpType.BUSINESS;
        } else if (b.confounder == Confounder.VPN_USER && r < 0.08) {
            ip = "198.18.0." + (random.nextInt(20) + 1);
            country = "NL";
            type = IpType.VPN;
        } else if (b.carrierNat != null && r < 0.7) {
            // The IP-type data misses this carrier's NAT pool: shared by many subscribers, typed RESIDENTIAL.
            ip = b.carrierNat + (random.nextInt(8) + 1);
        } else if (r < 0.2) {
            // Carrier-grade NAT: a small pool of mobile IPs per country, shared by many subscribers.
            ip = "100.72." + Math.abs(a.country.hashCode() % 200) + "." + (random.nextInt(30) + 1);
            type = IpType.MOBILE;
        }
        String session = "s-" + events.nextId();
        List<Integer> noPorts = List.of();
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, session, ip, country, type, noPorts, start));
        out.add(events.login(a, LoginKind.ACTIVITY, session, ip, country, type, noPorts, start.plus(Duration.ofMinutes(5))));
        Instant t = start;
        Instant end = start.plus(length);
        while (t.isBefore(end)) {
            t = t.plus(Duration.ofMinutes(20 + random.nextInt(20)));
            out.add(events.login(a, LoginKind.HEARTBEAT, session, ip, country, type, noPorts, t));
        }
        out.add(events.login(a, LoginKind.LOGOUT, session, ip, country, type, noPorts, t.plus(Duration.ofMinutes(2))));
    }

    private Instant workingHour(SimAccount a, LocalDate date) {
        return date.atTime(9 + random.nextInt(8), random.nextInt(60), random.nextInt(60)).atZone(a.zone).toInstant();
    }

    private String residentialIp() {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /**
     * The hard preset's populations ({@link HardPopulation}), each on new accounts ({@code acct-h…}) so the default
     * population is untouched: power-law hubs with stable recurring payers, families, agencies, unlisted corporate
     * NATs, a mistyped carrier NAT, and stealth operator teams.
     */
    private void addHardPopulation(HardPopulation hard) {
        int[] next = {0};
        Function<AccountRole, Benign> add = role -> {
            Benign b = newBenign(String.format("acct-h%05d", next[0]++), role);
            benign.add(b);
            return b;
        };
        DayOfWeek[] paydays = {DayOfWeek.FRIDAY, DayOfWeek.THURSDAY, DayOfWeek.MONDAY};
        for (int r = 1; r <= hard.payrollHubs(); r++) {
            PaymentInstrument hub = EventFactory.instrument("payroll-hub-" + r, InstrumentType.BANK_ACCOUNT, "GB",
                    "PayServe " + r + " Client Funds", "Bank");
            for (int m = 0; m < HardPopulation.powerLaw(hard.hubMaxPayers(), r, 3); m++) {
                Benign b = add.apply(AccountRole.FREELANCER);
                b.account.instrument = hub;
                b.payday = paydays[r % paydays.length];
                label(b, Confounder.PAYROLL_HUB);
            }
        }
        for (int r = 1; r <= hard.escrowHubs(); r++) {
            PaymentInstrument hub = EventFactory.instrument("escrow-hub-" + r, InstrumentType.DIGITAL_WALLET, "US",
                    "MarketHub " + r + " Escrow", "WalletCo");
            for (int m = 0; m < HardPopulation.powerLaw(hard.hubMaxPayers(), r, 3); m++) {
                Benign b = add.apply(AccountRole.FREELANCER);
                b.account.instrument = hub;
                label(b, Confounder.ESCROW_HUB);
            }
        }
        for (int g = 0; g < hard.familyGroups(); g++) {
            Benign head = add.apply(AccountRole.FREELANCER);
            label(head, Confounder.FAMILY_SHARED);
            for (int m = 1; m < 3 + g % 2; m++) {
                Benign member = add.apply(AccountRole.FREELANCER);
                member.account.joinHousehold(head.account);
                label(member, Confounder.FAMILY_SHARED);
            }
        }
        for (int r = 1; r <= hard.agencies(); r++) {
            Benign b = add.apply(AccountRole.FREELANCER);
            b.agency = new ContractorAgency(b.account, HardPopulation.powerLaw(hard.agencyMaxContractors(), r, 3), events, random);
            label(b, Confounder.CONTRACTOR_AGENCY);
        }
        for (int r = 1; r <= hard.unlistedCorporateNats(); r++) {
            for (int c = 0; c < HardPopulation.powerLaw(20, r, 3); c++) {
                Benign b = add.apply(random.nextDouble() < 0.3 ? AccountRole.CLIENT : AccountRole.FREELANCER);
                b.corporateIp = "172.20." + r + ".1";
                label(b, Confounder.UNLISTED_CORPORATE_NAT);
            }
        }
        for (int i = 0; i < hard.carrierNatAccounts(); i++) {
            // Three carriers in three countries, each subscriber living in its carrier's country.
            Benign b = add.apply(random.nextDouble() < 0.3 ? AccountRole.CLIENT : AccountRole.FREELANCER);
            String[] locale = LOCALES[(i % 3) * 5];
            b.account.country = locale[0];
            b.account.zone = ZoneId.of(locale[1]);
            b.account.homeIpCountry = locale[0];
            b.account.instrument = EventFactory.instrument("bank-" + b.account.id, InstrumentType.BANK_ACCOUNT, locale[0],
                    b.account.name, "Bank");
            b.carrierNat = "100.96." + (i % 3) + ".";
            label(b, Confounder.CARRIER_NAT);
        }
        for (int t = 0; t < hard.stealthTeams(); t++) {
            stealthTeams.add(new StealthTeam(t, scenario.start(), events, random));
        }
    }

    private Benign newBenign(String id, AccountRole role) {
        String[] locale = LOCALES[random.nextInt(LOCALES.length)];
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        SimAccount a = new SimAccount(id, role, locale[0], ZoneId.of(locale[1]), name, residentialIp(),
                "dev-" + Long.toHexString(random.nextLong()));
        a.instrument = EventFactory.instrument("bank-" + id, InstrumentType.BANK_ACCOUNT, a.country, name, "Bank");
        return new Benign(a);
    }

    /** A benign account and its confounder, if any. */
    private static final class Benign {
        final SimAccount account;
        Confounder confounder;
        String corporateIp;
        /** Hard preset: paid out weekly on this day (payroll hubs); null: now and then. */
        DayOfWeek payday;
        /** Hard preset: pays contractors instead of itself. */
        ContractorAgency agency;
        /** Hard preset: prefix of the mistyped carrier NAT pool its mobile sessions come from. */
        String carrierNat;
        int tripStart = -1;
        int switchDay = -1;

        Benign(SimAccount account) {
            this.account = account;
        }
    }
}
