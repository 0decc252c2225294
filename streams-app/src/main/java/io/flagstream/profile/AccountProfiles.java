package io.flagstream.profile;

import io.flagstream.events.AccountChange;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.ProfileInstrument;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds account changes into an account profile: the aggregator behind the account-profile table. A change
 * only overwrites the fields it carries, so a producer may send partial changes.
 */
public final class AccountProfiles {
    /** Instruments kept per profile: enough for any real account, bounded for a hostile one. */
    static final int MAX_INSTRUMENTS = 50;

    private AccountProfiles() {
    }

    public static AccountProfile empty(String accountId) {
        return AccountProfile.newBuilder().setAccountId(accountId).setInstruments(new HashMap<>()).build();
    }

    public static AccountProfile apply(String accountId, AccountChange change, AccountProfile profile) {
        AccountProfile next = AccountProfile.newBuilder(profile).setAccountId(accountId)
                .setInstruments(new HashMap<>(profile.getInstruments())).build();
        long t = change.getTimestamp().toEpochMilli();
        if (change.getRole() != null) {
            next.setRole(change.getRole().name());
        }
        if (change.getDeclaredCountry() != null) {
            next.setDeclaredCountry(change.getDeclaredCountry());
        }
        if (change.getTimezone() != null) {
            next.setTimezone(change.getTimezone());
        }
        if (change.getLegalName() != null) {
            next.setLegalName(change.getLegalName());
        }
        if (change.getShippingCountry() != null) {
            next.setShippingCountry(change.getShippingCountry());
        }
        if (change.getDocumentFingerprint() != null) {
            next.setDocumentFingerprint(change.getDocumentFingerprint());
        }
        switch (change.getKind()) {
            case ACCOUNT_CREATED -> next.setCreatedAt(next.getCreatedAt() == null ? t : Math.min(next.getCreatedAt(), t));
            case PAYMENT_METHOD_ADDED, PAYMENT_METHOD_UPDATED -> addInstrument(next.getInstruments(), change.getInstrument(), t);
            case PAYMENT_METHOD_REMOVED -> {
                ProfileInstrument known = next.getInstruments().get(change.getInstrument().getFingerprint());
                if (known != null) {
                    known.setRemoved(true);
                }
            }
            default -> {
            }
        }
        return next;
    }

    private static void addInstrument(Map<String, ProfileInstrument> instruments, PaymentInstrument i, long t) {
        ProfileInstrument known = instruments.get(i.getFingerprint());
        if (known == null || known.getRemoved()) {
            instruments.put(i.getFingerprint(), new ProfileInstrument(i.getType().name(), t, i.getHolderName(), i.getCountry(), false));
        } else if (i.getHolderName() != null) {
            known.setHolderName(i.getHolderName());
        }
        while (instruments.size() > MAX_INSTRUMENTS) {
            // Drop removed instruments first, then the oldest.
            String victim = instruments.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, ProfileInstrument> e) -> !e.getValue().getRemoved())
                            .thenComparingLong(e -> e.getValue().getAddedAt()))
                    .orElseThrow().getKey();
            instruments.remove(victim);
        }
    }

    static boolean isFiat(String instrumentType) {
        return !InstrumentType.CRYPTO_WALLET.name().equals(instrumentType);
    }
}
