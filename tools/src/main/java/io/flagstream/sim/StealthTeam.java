package io.flagstream.sim;

import io.flagstream.detect.locationmismatch.LocationMismatchDetector;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The hard preset's operator team that imitates benign behaviour: four accounts opened months before the
 * period (aged, so nothing is "fresh"), working U.S. business hours of their declared time zone, reaching
 * the platform only through a commercial VPN, and moving money slowly and in small groups. It plants four
 * cases, each at the edge of its rule:
 * <ul>
 *   <li>A18 (s0): a slow drip, 21 payouts under 100 USD spread over 27 days;</li>
 *   <li>A16 (wallet): only three accounts (the threshold) pay into one wallet, days 10, 13 and 16;</li>
 *   <li>A17 (s3): slow churn, three payout-method changes 11 days apart (days 2, 13, 24);</li>
 *   <li>A11 (s2): declared U.S., but its VPN exits are in NL, DE and GB, with payouts.</li>
 * </ul>
 * Its VPN exits are shared by the team (A2 ignores VPN exits by default, so that is not planted).
 */
final class StealthTeam {
    static final int MIN_DAYS = 28;
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String[] ABROAD = {"NL", "DE", "GB"};

    private final int team;
    private final EventFactory events;
    private final Random random;
    private final Instant start;
    private final List<SimAccount> accounts = new ArrayList<>();
    private final PaymentInstrument wallet;
    private final PaymentInstrument bank2;
    private final PaymentInstrument ownWallet;

    StealthTeam(int team, Instant start, EventFactory events, Random random) {
        this.team = team;
        this.events = events;
        this.random = random;
        this.start = start;
        for (int i = 0; i < 4; i++) {
            String name = Simulator.FIRST[(team * 5 + i * 7 + 3) % Simulator.FIRST.length] + " "
                    + Simulator.LAST[(team * 3 + i * 5 + 1) % Simulator.LAST.length];
            SimAccount a = new SimAccount("op-s" + team + "-s" + i, AccountRole.FREELANCER, "US", ZONE, name,
                    vpnExit(i), "op-s-dev-" + team + "-" + i);
            a.homeIpCountry = i == 2 ? "NL" : "US";
            a.label = GroundTruth.OPERATOR + "stealth-" + team;
            a.instrument = EventFactory.instrument("op-s" + team + "-bank-" + i, InstrumentType.BANK_ACCOUNT, "US", name, "Bank");
            accounts.add(a);
        }
        this.wallet = EventFactory.instrument("op-s" + team + "-wallet", InstrumentType.DIGITAL_WALLET, "US", "Jordan Miller", "WalletCo");
        SimAccount s3 = accounts.get(3);
        this.bank2 = EventFactory.instrument("op-s" + team + "-s3-bank2", InstrumentType.BANK_ACCOUNT, "US", s3.name, "Bank");
        this.ownWallet = EventFactory.instrument("op-s" + team + "-s3-wallet", InstrumentType.DIGITAL_WALLET, "US", s3.name, "WalletCo");
    }

    List<SimAccount> accounts() {
        return accounts;
    }

    List<PlantedCase> plantedCases() {
        return List.of(
                new PlantedCase(SmallPayoutsDrainDetector.ID, "account", accounts.get(0).id, "slow drip: 21 payouts under 100 USD over 27 days", at(1, 0)),
                new PlantedCase(SharedPayoutInstrumentDetector.ID, "instrument", wallet.getFingerprint(), "three aged accounts pay one wallet within a week", at(10, 0)),
                new PlantedCase(PaymentMethodChurnDetector.ID, "account", accounts.get(3).id, "three payout-method changes 11 days apart", at(2, 0)),
                new PlantedCase(LocationMismatchDetector.ID, "account", accounts.get(2).id, "declared U.S., VPN exits in NL/DE/GB only, with payouts", at(0, 0)));
    }

    /** Accounts opened 60 to 150 days before the period, each with its own bank account. */
    void prelude(List<SimEvent> out) {
        for (SimAccount a : accounts) {
            Instant created = start.minus(Duration.ofDays(60 + random.nextInt(90)));
            out.add(events.change(a, AccountChangeKind.ACCOUNT_CREATED, null, created));
            out.add(events.change(a, AccountChangeKind.PAYMENT_METHOD_ADDED, a.instrument, created.plus(Duration.ofHours(2))));
        }
    }

    void simulateDay(int day, LocalDate date, List<SimEvent> out) {
        SimAccount s0 = accounts.get(0);
        SimAccount s1 = accounts.get(1);
        SimAccount s2 = accounts.get(2);
        SimAccount s3 = accounts.get(3);
        for (SimAccount a : accounts) {
            if (a == s2 || random.nextDouble() < 0.7) {
                session(a, date.atTime(10 + random.nextInt(5), random.nextInt(60)).atZone(ZONE).toInstant(), out);
            }
        }
        if (day >= 1 && day <= 27 && day % 4 != 0) {
            out.add(events.payout(s0, s0.instrument, 50 + random.nextInt(45), businessHour(date)));
        }
        switch (day) {
            case 2 -> out.add(events.change(s3, AccountChangeKind.PAYMENT_METHOD_ADDED, bank2, businessHour(date)));
            case 4, 8, 20 -> out.add(events.payout(s2, s2.instrument, 600 + random.nextInt(400), businessHour(date)));
            case 5 -> out.add(events.payout(s3, bank2, 900, businessHour(date)));
            case 6 -> out.add(events.payout(s1, s1.instrument, 800 + random.nextInt(300), businessHour(date)));
            case 10 -> out.add(events.payout(s0, wallet, 700, businessHour(date)));
            case 13 -> {
                out.add(events.payout(s1, wallet, 650, businessHour(date)));
                out.add(events.change(s3, AccountChangeKind.PAYMENT_METHOD_ADDED, ownWallet, businessHour(date)));
            }
            case 15 -> out.add(events.payout(s3, ownWallet, 850, businessHour(date)));
            case 16 -> out.add(events.payout(s2, wallet, 720, businessHour(date)));
            case 24 -> out.add(events.change(s3, AccountChangeKind.PAYMENT_METHOD_REMOVED, s3.instrument, businessHour(date)));
            default -> {
            }
        }
    }

    /** One ordinary working session through the team's VPN exit. */
    private void session(SimAccount a, Instant t, List<SimEvent> out) {
        int index = accounts.indexOf(a);
        String country = index == 2 ? ABROAD[random.nextInt(ABROAD.length)] : "US";
        String ip = index == 2 ? "198.18.3." + (10 + team * 3 + List.of(ABROAD).indexOf(country)) : vpnExit(index);
        String session = "s-" + events.nextId();
        List<Integer> none = List.of();
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, session, ip, country, IpType.VPN, none, t));
        out.add(events.login(a, LoginKind.ACTIVITY, session, ip, country, IpType.VPN, none, t.plus(Duration.ofMinutes(5))));
        Instant end = t.plus(Duration.ofMinutes(60 + random.nextInt(120)));
        for (Instant h = t.plus(Duration.ofMinutes(25)); h.isBefore(end); h = h.plus(Duration.ofMinutes(25))) {
            out.add(events.login(a, LoginKind.HEARTBEAT, session, ip, country, IpType.VPN, none, h));
        }
        out.add(events.login(a, LoginKind.LOGOUT, session, ip, country, IpType.VPN, none, end));
    }

    /** The team's shared commercial-VPN exit in the U.S. */
    private String vpnExit(int index) {
        return "198.18.2." + (10 + team * 2 + index % 2);
    }

    private Instant businessHour(LocalDate date) {
        return date.atTime(11 + random.nextInt(5), random.nextInt(60)).atZone(ZONE).toInstant();
    }

    private Instant at(int day, int hour) {
        return start.plus(Duration.ofDays(day)).atZone(ZoneOffset.UTC).withHour(hour).toInstant();
    }
}
