package io.flagstream.testing;

import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tiny builders for input events, so tests read like the behaviour they pin down:
 * {@code payout("acct-1").to("wallet-9").at(T0.plus(ofHours(2)))}.
 */
public final class Events {
    private static final AtomicLong IDS = new AtomicLong();

    private Events() {
    }

    public static PayoutBuilder payout(String account) {
        return new PayoutBuilder(account);
    }

    public static ChangeBuilder change(String account) {
        return new ChangeBuilder(account);
    }

    public static LoginBuilder login(String account) {
        return new LoginBuilder(account);
    }

    private static String nextId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    /** A live allow-list entry without expiry, as an analyst would add it. */
    public static AllowListEntry allowListed(String entityType, String entityId) {
        return AllowListEntry.newBuilder().setEntityType(entityType).setEntityId(entityId).setExpiresAt(null)
                .setReason("known agency wallet (TICKET-42)").setCreatedBy("analyst@example.com").setCreatedAt(Times.NOW).build();
    }

    /** A live watch-list entry, as an analyst would add it: {@code kind} instrument, name or ip. */
    public static WatchListItem watchListed(String id, String kind, String value) {
        return WatchListItem.newBuilder().setId(id).setKind(kind).setValue(value).setAliases(List.of()).setPrograms(List.of())
                .setReason("sanctions screening hit (TICKET-77)").setCreatedBy("analyst@example.com").setCreatedAt(Times.NOW).build();
    }

    /** A live allow-list entry that stops applying at {@code until} (wall clock): a snooze. */
    public static AllowListEntry snoozed(String entityType, String entityId, Instant until) {
        AllowListEntry entry = allowListed(entityType, entityId);
        entry.setExpiresAt(until);
        return entry;
    }

    public static PaymentInstrument instrument(String fingerprint, InstrumentType type) {
        return PaymentInstrument.newBuilder().setType(type).setFingerprint(fingerprint)
                .setProvider("TestBank").setCountry("US").setHolderName("Test Holder").build();
    }

    public static final class PayoutBuilder {
        private final Payout.Builder b;

        PayoutBuilder(String account) {
            b = Payout.newBuilder().setEventId(nextId("payout")).setAccountId(account).setTimestamp(Times.T0)
                    .setAmount(new BigDecimal("250.0000")).setCurrency("USD")
                    .setInstrument(instrument("bank-" + account, InstrumentType.BANK_ACCOUNT));
        }

        public PayoutBuilder to(String fingerprint) {
            return to(fingerprint, InstrumentType.BANK_ACCOUNT);
        }

        public PayoutBuilder to(String fingerprint, InstrumentType type) {
            b.setInstrument(instrument(fingerprint, type));
            return this;
        }

        public PayoutBuilder amount(String amount, String currency) {
            b.setAmount(new BigDecimal(amount).setScale(4));
            b.setCurrency(currency);
            return this;
        }

        public PayoutBuilder id(String eventId) {
            b.setEventId(eventId);
            return this;
        }

        /** The destination instrument's country (the instrument itself is kept). */
        public PayoutBuilder toCountry(String country) {
            b.setInstrument(PaymentInstrument.newBuilder(b.getInstrument()).setCountry(country).build());
            return this;
        }

        /** The destination instrument's country (call after {@code to}). */
        public PayoutBuilder country(String country) {
            b.getInstrument().setCountry(country);
            return this;
        }

        /** The destination instrument's provider (call after {@code to}). */
        public PayoutBuilder provider(String provider) {
            b.getInstrument().setProvider(provider);
            return this;
        }

        /** The destination instrument's holder name (call after {@code to}). */
        public PayoutBuilder holder(String holderName) {
            b.getInstrument().setHolderName(holderName);
            return this;
        }

        public PayoutBuilder via(String intermediary, String country) {
            b.setIntermediary(new Intermediary(intermediary, country));
            return this;
        }

        public Payout at(Instant time) {
            return b.setTimestamp(time).build();
        }
    }

    public static final class ChangeBuilder {
        private final AccountChange.Builder b;

        ChangeBuilder(String account) {
            b = AccountChange.newBuilder().setEventId(nextId("change")).setAccountId(account)
                    .setTimestamp(Times.T0).setKind(AccountChangeKind.PROFILE_UPDATED);
        }

        public ChangeBuilder created(AccountRole role, String country) {
            b.setKind(AccountChangeKind.ACCOUNT_CREATED).setRole(role).setDeclaredCountry(country);
            return this;
        }

        public ChangeBuilder added(String fingerprint) {
            return payment(AccountChangeKind.PAYMENT_METHOD_ADDED, fingerprint);
        }

        public ChangeBuilder removed(String fingerprint) {
            return payment(AccountChangeKind.PAYMENT_METHOD_REMOVED, fingerprint);
        }

        public ChangeBuilder updated(String fingerprint) {
            return payment(AccountChangeKind.PAYMENT_METHOD_UPDATED, fingerprint);
        }

        public ChangeBuilder id(String eventId) {
            b.setEventId(eventId);
            return this;
        }

        public ChangeBuilder kind(AccountChangeKind kind) {
            b.setKind(kind);
            return this;
        }

        public ChangeBuilder timezone(String timezone) {
            b.setTimezone(timezone);
            return this;
        }

        public ChangeBuilder emailChanged(String contactFingerprint) {
            b.setKind(AccountChangeKind.EMAIL_CHANGED).setContactFingerprint(contactFingerprint);
            return this;
        }

        public ChangeBuilder phoneChanged(String contactFingerprint) {
            b.setKind(AccountChangeKind.PHONE_CHANGED).setContactFingerprint(contactFingerprint);
            return this;
        }

        public ChangeBuilder shippingTo(String country) {
            b.setKind(AccountChangeKind.SHIPPING_ADDRESS_CHANGED).setShippingCountry(country);
            return this;
        }

        public ChangeBuilder added(String fingerprint, InstrumentType type) {
            b.setKind(AccountChangeKind.PAYMENT_METHOD_ADDED).setInstrument(instrument(fingerprint, type));
            return this;
        }

        public ChangeBuilder legalName(String legalName) {
            b.setLegalName(legalName);
            return this;
        }

        /** The payment instrument's holder name (call after {@code added}/{@code updated}). */
        public ChangeBuilder holder(String holderName) {
            b.getInstrument().setHolderName(holderName);
            return this;
        }

        private ChangeBuilder payment(AccountChangeKind kind, String fingerprint) {
            b.setKind(kind).setInstrument(instrument(fingerprint, InstrumentType.BANK_ACCOUNT));
            return this;
        }

        public AccountChange at(Instant time) {
            return b.setTimestamp(time).build();
        }
    }

    public static final class LoginBuilder {
        private final Login.Builder b;

        LoginBuilder(String account) {
            b = Login.newBuilder().setEventId(nextId("login")).setAccountId(account).setTimestamp(Times.T0)
                    .setKind(LoginKind.LOGIN_SUCCESS).setIp("198.51.100.1").setIpCountry("US")
                    .setIpType(IpType.RESIDENTIAL).setOpenPorts(List.of());
        }

        public LoginBuilder fromIp(String ip, String country) {
            b.setIp(ip).setIpCountry(country);
            return this;
        }

        public LoginBuilder ipType(IpType type) {
            b.setIpType(type);
            return this;
        }

        public LoginBuilder kind(LoginKind kind) {
            b.setKind(kind);
            return this;
        }

        public LoginBuilder asn(long asn) {
            b.setAsn(asn);
            return this;
        }

        public LoginBuilder openPorts(Integer... ports) {
            b.setOpenPorts(List.of(ports));
            return this;
        }

        public LoginBuilder remoteDesktopTool(String tool) {
            b.setRemoteDesktopTool(tool);
            return this;
        }

        public LoginBuilder id(String eventId) {
            b.setEventId(eventId);
            return this;
        }

        public Login at(Instant time) {
            return b.setTimestamp(time).build();
        }
    }
}
