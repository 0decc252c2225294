package io.flagstream.bench.adversarial;

import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.replay.ReplayEvent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Builds the adversarial phases' events with the same fields the simulator's {@code EventFactory} sets (that class
 * is package-private and bound to the simulator's accounts), with deterministic ids {@code adv<seed>-<n>} that
 * cannot collide with the simulator's {@code sim<seed>-<n>}.
 */
final class AdversarialEvents {
    private final long seed;
    private long sequence;

    AdversarialEvents(long seed) {
        this.seed = seed;
    }

    private String nextId() {
        return "adv" + seed + "-" + (++sequence);
    }

    static PaymentInstrument instrument(String fingerprint, InstrumentType type, String country, String holder, String provider) {
        return PaymentInstrument.newBuilder().setFingerprint(fingerprint).setType(type).setCountry(country)
                .setHolderName(holder).setProvider(provider).build();
    }

    /** An account opening with the profile the detectors read (role, declared country, time zone, legal name). */
    ReplayEvent created(String account, String name, String country, String zone, long t) {
        return ReplayEvent.of(AccountChange.newBuilder().setEventId(nextId()).setAccountId(account).setTimestamp(Instant.ofEpochMilli(t))
                .setKind(AccountChangeKind.ACCOUNT_CREATED).setRole(AccountRole.FREELANCER).setDeclaredCountry(country)
                .setTimezone(zone).setLegalName(name).build());
    }

    ReplayEvent methodAdded(String account, String name, String country, String zone, PaymentInstrument instrument, long t) {
        return ReplayEvent.of(AccountChange.newBuilder().setEventId(nextId()).setAccountId(account).setTimestamp(Instant.ofEpochMilli(t))
                .setKind(AccountChangeKind.PAYMENT_METHOD_ADDED).setRole(AccountRole.FREELANCER).setDeclaredCountry(country)
                .setTimezone(zone).setLegalName(name).setInstrument(instrument).build());
    }

    ReplayEvent payout(String account, PaymentInstrument to, double amount, String requestIp, long t) {
        return ReplayEvent.of(Payout.newBuilder().setEventId(nextId()).setAccountId(account).setTimestamp(Instant.ofEpochMilli(t))
                .setAmount(BigDecimal.valueOf(amount).setScale(4, RoundingMode.HALF_UP)).setCurrency("USD")
                .setInstrument(to).setRequestIp(requestIp).build());
    }

    ReplayEvent login(String account, LoginKind kind, String session, String ip, String country, IpType type, String device, long t) {
        return ReplayEvent.of(Login.newBuilder().setEventId(nextId()).setAccountId(account).setTimestamp(Instant.ofEpochMilli(t))
                .setKind(kind).setSessionId(session).setIp(ip).setIpCountry(country).setIpType(type).setDeviceId(device)
                .setOpenPorts(List.of()).build());
    }
}
