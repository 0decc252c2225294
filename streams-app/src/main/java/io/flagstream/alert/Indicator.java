package io.flagstream.alert;

/**
 * The red-flag indicators of the May 2022 State/Treasury/FBI advisory on DPRK IT workers, as catalogued in
 * docs/red-flags.md (paraphrased). Every detector and every alert names one.
 */
public enum Indicator {
    A1("Logins into one account from many IP addresses or countries in a short time"),
    A2("One IP address logging into several accounts"),
    A3("Account logged in without a break for a day or more"),
    A4("Remote-desktop, VPN or VPS access path"),
    A5("Client and freelancer accounts using the same payment account"),
    A6("Many freelancer accounts rated by one client; accounts set up with the same documents"),
    A7("Heavy bidding with few accepted bids"),
    A8("Frequent transfers out, especially to PRC-based accounts or through intermediaries"),
    A9("Payout into an account in another name"),
    A10("Digital payment services linked to the PRC"),
    A11("Inconsistent name, nationality or location across profile, payments and activity"),
    A12("Payment in virtual currency"),
    A13("Activity outside the claimed location's business hours"),
    A14("Contact details that keep changing"),
    A15("Shipping address differing from the identity documents"),
    A16("Many platform accounts paying into the same payment account"),
    A17("Frequent changes of payout or payment method"),
    A18("Small charges repeated over months"),
    A19("New account or new payout instrument paid out at once"),
    /** Not an advisory item: a payout to, or a login from, a party on a sanctions or watch list (OFAC SDN, the platform's own). */
    WATCHLIST("Payout to, or login from, a party on a sanctions or watch list"),
    /** Not an advisory item: the account's risk over all its indicators (finding {@code risk-high-risk-account}). */
    RISK("Account whose alerts add up to a high risk"),
    /** Not an advisory item: linked accounts that together raise the risk (finding {@code cluster-linked-accounts}). */
    CLUSTER("Accounts linked by shared instruments, IPs, devices or documents, with combined risk");

    private final String summary;

    Indicator(String summary) {
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }
}
