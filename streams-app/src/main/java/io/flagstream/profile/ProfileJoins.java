package io.flagstream.profile;

import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.LoginContext;
import io.flagstream.state.PayoutContext;
import io.flagstream.state.ProfileInstrument;

import java.util.Map;

/**
 * The joiners of payouts and logins with the account profile as it was at the event's time (a left join:
 * an account with no changes seen yet still gets its events through, marked {@code profileKnown=false}).
 */
public final class ProfileJoins {
    private ProfileJoins() {
    }

    public static PayoutContext payout(Payout payout, AccountProfile profile) {
        PayoutContext.Builder ctx = PayoutContext.newBuilder().setPayout(payout).setProfileKnown(profile != null);
        if (profile == null) {
            return ctx.build();
        }
        String fingerprint = payout.getInstrument().getFingerprint();
        ProfileInstrument instrument = profile.getInstruments().get(fingerprint);
        boolean fiat = false;
        for (Map.Entry<String, ProfileInstrument> e : profile.getInstruments().entrySet()) {
            if (!e.getKey().equals(fingerprint) && AccountProfiles.isFiat(e.getValue().getType())) {
                fiat = true;
                break;
            }
        }
        return ctx.setRole(profile.getRole())
                .setDeclaredCountry(profile.getDeclaredCountry())
                .setTimezone(profile.getTimezone())
                .setLegalName(profile.getLegalName())
                .setAccountCreatedAt(profile.getCreatedAt())
                .setInstrumentAddedAt(instrument == null ? null : instrument.getAddedAt())
                .setHasFiatInstrument(fiat)
                .build();
    }

    public static LoginContext login(Login login, AccountProfile profile) {
        LoginContext.Builder ctx = LoginContext.newBuilder().setLogin(login).setProfileKnown(profile != null);
        if (profile == null) {
            return ctx.build();
        }
        return ctx.setRole(profile.getRole()).setDeclaredCountry(profile.getDeclaredCountry())
                .setTimezone(profile.getTimezone()).build();
    }
}
