package io.flagstream.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every detector's settings, one record each. {@code common} holds the on/off switch, the window and the
 * grace for late events; the rest are the rule's thresholds. Keys:
 * {@code flagstream.detector.<detector id>.<setting>} (see {@link ConfigLoader}).
 */
public record DetectorsConfig(
        AccountManyIps accountManyIps,
        SharedLoginIp sharedLoginIp,
        ContinuousSession continuousSession,
        RemoteAccess remoteAccess,
        SharedInstrumentClientFreelancer sharedInstrumentClientFreelancer,
        HighRiskDestination highRiskDestination,
        PayoutNameMismatch payoutNameMismatch,
        LocationMismatch locationMismatch,
        CryptoSwitch cryptoSwitch,
        OffHours offHours,
        ContactChurn contactChurn,
        SharedInstrument sharedInstrument,
        PaymentMethodChurn paymentMethodChurn,
        SmallPayoutsDrain smallPayoutsDrain,
        FreshInstrumentPayout freshInstrumentPayout,
        WatchListMatch watchListMatch) {

    /** The on/off switch, window and grace of the detector with this id. */
    public DetectorSettings common(String id) {
        return switch (id) {
            case DetectorIds.A1 -> accountManyIps.common();
            case DetectorIds.A2 -> sharedLoginIp.common();
            case DetectorIds.A3 -> continuousSession.common();
            case DetectorIds.A4 -> remoteAccess.common();
            case DetectorIds.A5 -> sharedInstrumentClientFreelancer.common();
            case DetectorIds.A8 -> highRiskDestination.common();
            case DetectorIds.A9 -> payoutNameMismatch.common();
            case DetectorIds.A11 -> locationMismatch.common();
            case DetectorIds.A12 -> cryptoSwitch.common();
            case DetectorIds.A13 -> offHours.common();
            case DetectorIds.A14 -> contactChurn.common();
            case DetectorIds.A16 -> sharedInstrument.common();
            case DetectorIds.A17 -> paymentMethodChurn.common();
            case DetectorIds.A18 -> smallPayoutsDrain.common();
            case DetectorIds.A19 -> freshInstrumentPayout.common();
            case DetectorIds.WATCH_LIST -> watchListMatch.common();
            default -> throw new IllegalArgumentException("no detector " + id);
        };
    }

    /**
     * A1: {@code minIps} IPs spanning {@code minCountries} countries within the window, or the long variant;
     * {@code loginKinds} are the login kinds counted (LOGIN_SUCCESS; ACTIVITY optionally).
     */
    public record AccountManyIps(DetectorSettings common, int minIps, int minCountries,
                                 Duration longWindow, int longMinIps, int longMinCountries, Set<String> loginKinds) {
    }

    /** A2: one IP logging into {@code minAccounts} distinct accounts within the window. */
    public record SharedLoginIp(DetectorSettings common, int minAccounts, Set<String> ignoredIpTypes) {
    }

    /** A3: activity without a gap longer than {@code maxGap} spanning at least the window. */
    public record ContinuousSession(DetectorSettings common, Duration maxGap) {
    }

    /** A4: remote-desktop or anonymising access paths, {@code minSightings} within the window. */
    public record RemoteAccess(DetectorSettings common, int minSightings, Set<Integer> remoteDesktopPorts,
                               Set<String> suspiciousIpTypes, Duration payoutLookback) {
    }

    /** A5: one instrument linked to client and freelancer accounts within the window. */
    public record SharedInstrumentClientFreelancer(DetectorSettings common) {
    }

    /** A8/A10: payouts to high-risk countries or providers: {@code minPayouts} or more than {@code amountLimit} within the window. */
    public record HighRiskDestination(DetectorSettings common, Set<String> countries, List<String> providers,
                                      int minPayouts, BigDecimal amountLimit) {
    }

    /** A9: instrument holder name differs from the legal name; "just added" means within the window. */
    public record PayoutNameMismatch(DetectorSettings common) {
    }

    /**
     * A11/A15: declared country against login countries (at least {@code minLogins} in the window), payout
     * countries (at least {@code minPayouts} in the window) and shipping countries.
     */
    public record LocationMismatch(DetectorSettings common, int minLogins, int minPayouts) {
    }

    /** A12: an account with fiat history (within the window) adds a crypto wallet or takes a crypto payout. */
    public record CryptoSwitch(DetectorSettings common) {
    }

    /** A13: at least {@code minOffHoursShare} of at least {@code minEvents} events outside business hours within the window. */
    public record OffHours(DetectorSettings common, int minEvents, double minOffHoursShare, int businessStartHour,
                           int businessEndHour) {
    }

    /** A14: {@code minChanges} email or phone changes within the window. */
    public record ContactChurn(DetectorSettings common, int minChanges) {
    }

    /**
     * A16: {@code minAccounts} distinct accounts new to one instrument paying out to it within the window; an
     * account that linked the instrument or paid into it at least {@code establishedAfter} earlier (looking back
     * {@code linkMemory}) is an established payer and not counted.
     */
    public record SharedInstrument(DetectorSettings common, int minAccounts, Duration establishedAfter, Duration linkMemory) {
    }

    /**
     * A17: {@code minChanges} changes of where an account's money goes within the window.
     *
     * @param instrumentMemory how long an instrument an account used stays "known" (a payout to it is no change)
     * @param minPayees        a change of an instrument in another holder's name is a payee change, not counted, when the
     *                         account linked at least this many other such instruments within {@code instrumentMemory}
     *                         (an agency paying its contractors); 0 counts every change
     */
    public record PaymentMethodChurn(DetectorSettings common, int minChanges, Duration instrumentMemory, int minPayees) {
    }

    /** A18: {@code minPayouts} payouts each below {@code smallLimit} within the window, totalling more than {@code totalLimit}. */
    public record SmallPayoutsDrain(DetectorSettings common, int minPayouts, BigDecimal smallLimit, BigDecimal totalLimit) {
    }

    /** A19: a payout to an instrument added less than the window before, or from an account younger than {@code maxAccountAge}. */
    public record FreshInstrumentPayout(DetectorSettings common, Duration maxAccountAge) {
    }

    /**
     * Watch-lists: a payout to a listed instrument or listed name, or a login from a listed IP. A match is one
     * event, so there is no window, and its grace is the input's max event age: a listed party is listed however
     * late its event arrives.
     *
     * @param ofacSdn OFAC's {@code sdn.csv} (its {@code alt.csv} read from beside it when there) or {@code sdn.xml}; null for none
     * @param lists   plain CSV lists ({@code id,kind,value,aliases})
     */
    public record WatchListMatch(DetectorSettings common, Path ofacSdn, List<Path> lists) {
        public WatchListMatch {
            lists = List.copyOf(lists);
        }
    }
}
