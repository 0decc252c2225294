package io.flagstream.config;

/**
 * Detector ids: kebab-case, prefixed with the advisory indicator. They are rule ids in alerts, prefixes of
 * every store, processor and internal topic a detector creates, and part of its configuration keys.
 */
public final class DetectorIds {
    public static final String A1 = "a1-account-many-ips";
    public static final String A2 = "a2-shared-login-ip";
    public static final String A3 = "a3-continuous-session";
    public static final String A4 = "a4-remote-access-path";
    public static final String A5 = "a5-shared-instrument-client-freelancer";
    public static final String A8 = "a8-high-risk-destination";
    public static final String A9 = "a9-payout-name-mismatch";
    public static final String A11 = "a11-location-mismatch";
    public static final String A12 = "a12-crypto-switch";
    public static final String A13 = "a13-off-hours";
    public static final String A14 = "a14-contact-churn";
    public static final String A16 = "a16-shared-payout-instrument";
    public static final String A17 = "a17-payment-method-churn";
    public static final String A18 = "a18-small-payouts-drain";
    public static final String A19 = "a19-fresh-instrument-payout";
    /** Not an advisory item: a payout to, or a login from, a party on a sanctions or watch list. */
    public static final String WATCH_LIST = "watch-list-match";

    private DetectorIds() {
    }
}
