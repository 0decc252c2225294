package io.flagstream.sim;

import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Builds the simulator's events with deterministic ids ({@code sim<seed>-<n>}). */
final class EventFactory {
    private final long seed;
    private long sequence;

    EventFactory(long seed) {
        this.seed = seed;
    }

    String nextId() {
        return "sim" + seed + "-" + (++sequence);
    }

    static PaymentInstrument instrument(String fingerprint, InstrumentType type, String country, String holder, String provider) {
        return PaymentInstrument.newBuilder().setFingerprint(fingerprint).setType(type).setCountry(country)
                .setHolderName(holder).setProvider(provider).build();
    }

    SimEvent payout(SimAccount a, PaymentInstrument to, double amount, Instant t) {
        return payout(a, to, amount, null, t);
    }

    SimEvent payout(SimAccount a, PaymentInstrument to, double amount, Intermediary via, Instant t) {
        return SimEvent.of(Payout.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t)
                .setAmount(BigDecimal.valueOf(amount).setScale(4, RoundingMode.HALF_UP)).setCurrency("USD")
                .setInstrument(to).setRequestIp(a.homeIp).setIntermediary(via).build());
    }

    SimEvent change(SimAccount a, AccountChangeKind kind, PaymentInstrument instrument, Instant t) {
        return SimEvent.of(changeBuilder(a, kind, t).setInstrument(instrument).build());
    }

    AccountChange.Builder changeBuilder(SimAccount a, AccountChangeKind kind, Instant t) {
        return AccountChange.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t).setKind(kind)
                .setRole(a.role).setDeclaredCountry(a.country).setTimezone(a.zone.getId()).setLegalName(a.name);
    }

    SimEvent login(SimAccount a, LoginKind kind, String session, String ip, String country, IpType type,
                   List<Integer> openPorts, Instant t) {
        return SimEvent.of(Login.newBuilder().setEventId(nextId()).setAccountId(a.id).setTimestamp(t).setKind(kind)
                .setSessionId(session).setIp(ip).setIpCountry(country).setIpType(type)
                .setDeviceId(a.device).setOpenPorts(openPorts).build());
    }
}
