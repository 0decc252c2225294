package io.flagstream.sim;

import io.flagstream.detect.accountmanyips.AccountManyIpsDetector;
import io.flagstream.detect.clientfreelancer.SharedClientFreelancerInstrumentDetector;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.continuoussession.ContinuousSessionDetector;
import io.flagstream.detect.cryptoswitch.CryptoSwitchDetector;
import io.flagstream.detect.freshinstrument.FreshInstrumentPayoutDetector;
import io.flagstream.detect.highrisk.HighRiskDestinationDetector;
import io.flagstream.detect.locationmismatch.LocationMismatchDetector;
import io.flagstream.detect.namemismatch.PayoutNameMismatchDetector;
import io.flagstream.detect.offhours.OffHoursDetector;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.remoteaccess.RemoteAccessDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpDetector;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.IpType;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A planted operator team, modelled on the advisory: six accounts declared in the U.S., opened at the start
 * of the period and run by people on a PRC clock through one rented VPS, paying themselves through a shared
 * card, converging payouts on a team wallet and PRC-linked services. Its behaviour plants one case for
 * every detector (A1–A5, A8/A10, A9, A11/A15, A12–A14, A16–A19); the cases, their entity and the story are
 * its ground truth. Behaviour on top of the planted cases (e.g. every team account also looks off-hours)
 * counts as "operator, other rule", never as a false alert.
 *
 * <p>Day plan (the period has at least 14 days):
 * <ul>
 *   <li>every day: each account logs in from the team VPS (HOSTING, SG) at 02:00–10:00 UTC (night in the U.S.);</li>
 *   <li>a0: day 3 three IPs in three countries within 40 min (A1); day 5–6 a session kept open 26 h (A3);</li>
 *   <li>a1: RDP port 3389 open on days 2 and 6 (A4); day 4 adds an account in another name and is paid into
 *       it two hours later (A9, A19);</li>
 *   <li>a2: fiat payout day 2, then e-mail/phone changes days 3, 6, 9 (A14), a new wallet day 4, a crypto payout
 *       day 7 (A12), old bank removed day 9, another wallet day 11 (A17);</li>
 *   <li>c3 (client) pays with the team card; a4 adds the same card as its payout method (A5);</li>
 *   <li>a4: shipping address in CN day 3 (A15), Alipay payouts days 5, 8, 11 and one through an intermediary
 *       day 12 (A8/A10), logins mostly from SG while declared U.S. (A11);</li>
 *   <li>a0, a1, a2: payouts into the team wallet days 8–10 (A16); the VPS logs into all six accounts (A2);</li>
 *   <li>a0 is active at night in its declared time zone (A13); a5 drains in 26 small payouts (A18).</li>
 * </ul>
 */
final class OperatorTeam {
    private static final ZoneId DECLARED_ZONE = ZoneId.of("America/New_York");

    private final int team;
    private final EventFactory events;
    private final Random random;
    private final List<SimAccount> accounts = new ArrayList<>();
    private final String vpsIp;
    private final Instant start;
    private final PaymentInstrument wallet;
    private final PaymentInstrument card;
    private final PaymentInstrument alipay;

    OperatorTeam(int team, Instant start, EventFactory events, Random random) {
        this.team = team;
        this.events = events;
        this.random = random;
        this.vpsIp = "203.0.113." + (10 + team);
        this.start = start;
        String[] roles = {"a0", "a1", "a2", "c3", "a4", "a5"};
        for (int i = 0; i < roles.length; i++) {
            String name = Simulator.FIRST[(team * 7 + i * 3) % Simulator.FIRST.length] + " "
                    + Simulator.LAST[(team * 5 + i) % Simulator.LAST.length];
            SimAccount a = new SimAccount("op-t" + team + "-" + roles[i], i == 3 ? AccountRole.CLIENT : AccountRole.FREELANCER,
                    "US", DECLARED_ZONE, name, vpsIp, "op-dev-" + team + "-" + i);
            a.homeIpCountry = "SG";
            a.label = GroundTruth.OPERATOR + "team-" + team;
            a.instrument = EventFactory.instrument("op-t" + team + "-bank-" + i, InstrumentType.BANK_ACCOUNT, "US", name, "Bank");
            accounts.add(a);
        }
        this.card = EventFactory.instrument("op-t" + team + "-card", InstrumentType.CARD, "US", accounts.get(3).name, "CardCo");
        accounts.get(3).instrument = card;
        this.wallet = EventFactory.instrument("op-t" + team + "-wallet", InstrumentType.DIGITAL_WALLET, "HK", "Li Wei", "WalletCo");
        this.alipay = EventFactory.instrument("op-t" + team + "-alipay", InstrumentType.DIGITAL_WALLET, "CN", "Li Wei", "Alipay");
    }

    List<SimAccount> accounts() {
        return accounts;
    }

    /**
     * The planted cases, each with the event time of its behaviour's first event as the day plan above
     * schedules it. Behaviours that begin with a session starting at a random minute (A2, A4, A11, A13, A18)
     * start at the top of that hour, at most 59 minutes before their first event.
     */
    List<PlantedCase> plantedCases() {
        String a0 = accounts.get(0).id;
        String a1 = accounts.get(1).id;
        String a2 = accounts.get(2).id;
        String a4 = accounts.get(4).id;
        String a5 = accounts.get(5).id;
        return List.of(
                new PlantedCase(AccountManyIpsDetector.ID, "account", a0, "three IPs in three countries within 40 minutes", at(3, 9, 0)),
                new PlantedCase(SharedLoginIpDetector.ID, "ip", vpsIp, "one VPS logs into the team's six accounts", at(0, 2, 0)),
                new PlantedCase(ContinuousSessionDetector.ID, "account", a0, "a session kept open for 26 hours", at(5, 2, 0)),
                new PlantedCase(RemoteAccessDetector.ID, "account", a1, "remote desktop (port 3389) on the access path, with payouts", at(2, 3, 0)),
                new PlantedCase(SharedClientFreelancerInstrumentDetector.ID, "instrument", card.getFingerprint(), "the team's client pays with the card its freelancer is paid into", at(1, 5, 0)),
                new PlantedCase(HighRiskDestinationDetector.ID, "account", a4, "payouts to a PRC-linked wallet and through an intermediary", at(5, 6, 0)),
                new PlantedCase(PayoutNameMismatchDetector.ID, "account", a1, "paid into an account in another name, added two hours before", at(4, 3, 0)),
                new PlantedCase(LocationMismatchDetector.ID, "account", a4, "declared U.S., logs in from SG, ships to CN", at(0, 6, 0)),
                new PlantedCase(CryptoSwitchDetector.ID, "account", a2, "fiat payouts, then a crypto payout", at(2, 6, 10)),
                new PlantedCase(OffHoursDetector.ID, "account", a0, "works at night in its declared time zone", at(0, 2, 0)),
                new PlantedCase(ContactChurnDetector.ID, "account", a2, "e-mail and phone changed three times in a week", at(3, 6, 30)),
                new PlantedCase(SharedPayoutInstrumentDetector.ID, "instrument", wallet.getFingerprint(), "three team accounts pay into one wallet", at(8, 6, 0)),
                new PlantedCase(PaymentMethodChurnDetector.ID, "account", a2, "four payout-method changes in eight days", at(4, 4, 0)),
                new PlantedCase(SmallPayoutsDrainDetector.ID, "account", a5, "26 payouts under 100 USD, over 1,000 USD in all", at(1, 3, 0)),
                new PlantedCase(FreshInstrumentPayoutDetector.ID, "account", a1, "payout to an instrument added two hours before", at(4, 3, 0)));
    }

    void simulateDay(int day, LocalDate date, List<SimEvent> out) {
        SimAccount a0 = accounts.get(0);
        SimAccount a1 = accounts.get(1);
        SimAccount a2 = accounts.get(2);
        SimAccount c3 = accounts.get(3);
        SimAccount a4 = accounts.get(4);
        SimAccount a5 = accounts.get(5);
        Instant midnight = date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        if (day == 0) {
            for (SimAccount a : accounts) {
                Instant created = midnight.plus(Duration.ofMinutes(30 + accounts.indexOf(a) * 7L));
                out.add(events.change(a, AccountChangeKind.ACCOUNT_CREATED, null, created));
                out.add(events.change(a, AccountChangeKind.PAYMENT_METHOD_ADDED, a.instrument, created.plusSeconds(300)));
            }
        }
        for (SimAccount a : accounts) {
            if (!(a == a0 && (day == 5 || day == 6))) {
                session(a, at(midnight, 2 + accounts.indexOf(a), random.nextInt(50)), Duration.ofHours(2),
                        a == a1 && (day == 2 || day == 6) ? List.of(3389) : List.of(), out);
            }
        }
        switch (day) {
            case 2 -> {
                out.add(events.payout(a2, a2.instrument, 1200, at(midnight, 6, 10)));
                out.add(events.change(a4, AccountChangeKind.PAYMENT_METHOD_ADDED, card, at(midnight, 7, 0)));
            }
            case 3 -> {
                hopCountries(a0, at(midnight, 9, 0), out);
                out.add(SimEvent.of(events.changeBuilder(a2, AccountChangeKind.EMAIL_CHANGED, at(midnight, 6, 30))
                        .setContactFingerprint("mail-" + random.nextInt()).build()));
                out.add(SimEvent.of(events.changeBuilder(a4, AccountChangeKind.SHIPPING_ADDRESS_CHANGED, at(midnight, 7, 20))
                        .setShippingCountry("CN").build()));
            }
            case 4 -> {
                PaymentInstrument otherName = EventFactory.instrument("op-t" + team + "-proxy-bank", InstrumentType.BANK_ACCOUNT,
                        "US", "Zhang Wei", "Bank");
                out.add(events.change(a1, AccountChangeKind.PAYMENT_METHOD_ADDED, otherName, at(midnight, 3, 0)));
                out.add(events.payout(a1, otherName, 1850, at(midnight, 5, 0)));
                out.add(events.change(a2, AccountChangeKind.PAYMENT_METHOD_ADDED,
                        EventFactory.instrument("op-t" + team + "-a2-wallet", InstrumentType.DIGITAL_WALLET, "HK", a2.name, "WalletCo"),
                        at(midnight, 4, 0)));
                out.add(events.payout(a4, card, 700, at(midnight, 8, 0)));
            }
            case 5 -> {
                continuousSession(a0, at(midnight, 2, 0), out);
                out.add(events.payout(a4, alipay, 1500, at(midnight, 6, 0)));
            }
            case 6 -> out.add(SimEvent.of(events.changeBuilder(a2, AccountChangeKind.PHONE_CHANGED, at(midnight, 5, 0))
                    .setContactFingerprint("phone-" + random.nextInt()).build()));
            case 7 -> out.add(events.payout(a2, EventFactory.instrument("op-t" + team + "-a2-crypto", InstrumentType.CRYPTO_WALLET,
                    null, null, "Exchange"), 2300, at(midnight, 7, 0)));
            case 8 -> {
                out.add(events.payout(a0, wallet, 900, at(midnight, 6, 0)));
                out.add(events.payout(a4, alipay, 1500, at(midnight, 7, 30)));
            }
            case 9 -> {
                out.add(events.payout(a1, wallet, 950, at(midnight, 6, 0)));
                out.add(SimEvent.of(events.changeBuilder(a2, AccountChangeKind.EMAIL_CHANGED, at(midnight, 4, 0))
                        .setContactFingerprint("mail-" + random.nextInt()).build()));
                out.add(events.change(a2, AccountChangeKind.PAYMENT_METHOD_REMOVED, a2.instrument, at(midnight, 4, 30)));
            }
            case 10 -> out.add(events.payout(a2, wallet, 875, at(midnight, 6, 0)));
            case 11 -> {
                out.add(events.change(a2, AccountChangeKind.PAYMENT_METHOD_ADDED,
                        EventFactory.instrument("op-t" + team + "-a2-wallet2", InstrumentType.PAYMENT_PLATFORM_WALLET, "CN", "Li Wei", "WalletCo"),
                        at(midnight, 4, 0)));
                out.add(events.payout(a4, alipay, 1500, at(midnight, 7, 0)));
            }
            case 12 -> out.add(events.payout(a4, EventFactory.instrument("op-t" + team + "-cn-bank", InstrumentType.BANK_ACCOUNT,
                    "CN", "Li Wei", "Bank of Shanghai"), 2500, new Intermediary("Pacific Trade Ltd", "HK"), at(midnight, 6, 0)));
            default -> {
            }
        }
        if (day >= 1 && day <= 13) {
            out.add(events.payout(a5, a5.instrument, 40 + random.nextInt(55), at(midnight, 3, random.nextInt(60))));
            out.add(events.payout(a5, a5.instrument, 40 + random.nextInt(55), at(midnight, 8, random.nextInt(60))));
        }
        if (day == 1) {
            out.add(events.payout(c3, c3.instrument, 300, at(midnight, 5, 0)));
        }
    }

    /** A day's work from the VPS: login, two actions, heartbeats, logout. */
    private void session(SimAccount a, Instant start, Duration length, List<Integer> openPorts, List<SimEvent> out) {
        String session = "s-" + events.nextId();
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, session, vpsIp, "SG", IpType.HOSTING, openPorts, start));
        out.add(events.login(a, LoginKind.ACTIVITY, session, vpsIp, "SG", IpType.HOSTING, openPorts, start.plus(Duration.ofMinutes(10))));
        out.add(events.login(a, LoginKind.ACTIVITY, session, vpsIp, "SG", IpType.HOSTING, openPorts, start.plus(Duration.ofMinutes(50))));
        for (Instant t = start.plus(Duration.ofMinutes(30)); t.isBefore(start.plus(length)); t = t.plus(Duration.ofMinutes(30))) {
            out.add(events.login(a, LoginKind.HEARTBEAT, session, vpsIp, "SG", IpType.HOSTING, openPorts, t));
        }
        out.add(events.login(a, LoginKind.LOGOUT, session, vpsIp, "SG", IpType.HOSTING, openPorts, start.plus(length)));
    }

    /** Three logins from three countries within 40 minutes: the operator hopping VPN exits. */
    private void hopCountries(SimAccount a, Instant start, List<SimEvent> out) {
        List<Integer> none = List.of();
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, "hop", "36.110." + team + ".5", "CN", IpType.RESIDENTIAL, none, start));
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, "hop", "198.51.100." + (20 + team), "NL", IpType.VPN, none,
                start.plus(Duration.ofMinutes(20))));
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, "hop", vpsIp, "SG", IpType.HOSTING, none, start.plus(Duration.ofMinutes(40))));
    }

    /** Heartbeats every 10 minutes for 26 hours from the VPS. */
    private void continuousSession(SimAccount a, Instant start, List<SimEvent> out) {
        String session = "s-" + events.nextId();
        out.add(events.login(a, LoginKind.LOGIN_SUCCESS, session, vpsIp, "SG", IpType.HOSTING, List.of(), start));
        for (Instant t = start.plus(Duration.ofMinutes(10)); !t.isAfter(start.plus(Duration.ofHours(26))); t = t.plus(Duration.ofMinutes(10))) {
            out.add(events.login(a, LoginKind.HEARTBEAT, session, vpsIp, "SG", IpType.HOSTING, List.of(), t));
        }
    }

    /** Day {@code day} of the period at {@code hour:minute} UTC. */
    private Instant at(int day, int hour, int minute) {
        return at(start.plus(Duration.ofDays(day)), hour, minute);
    }

    private static Instant at(Instant midnight, int hour, int minute) {
        return midnight.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }
}
