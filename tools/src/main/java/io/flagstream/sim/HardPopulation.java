package io.flagstream.sim;

/**
 * The hard preset's populations, each a labelled confounder (benign, but shaped like a red flag) or a stealth
 * operator team, sized by its own flag. Hub and agency sizes follow a power law ({@link #powerLaw}): a few
 * large payees and payers and many small ones, as in a real payment graph.
 *
 * @param payrollHubs           payment-service / payroll collection accounts: one bank account many freelancers
 *                              are paid out into, each member on a fixed weekly payday (A16's shape, benign)
 * @param escrowHubs            marketplace escrow wallets that members pay into on irregular days (A16's shape)
 * @param hubMaxPayers          payers of the largest hub; the hub of rank r has about {@code max / r} payers
 * @param familyGroups          families of three or four sharing one bank account (A16 at its threshold)
 * @param agencies              agencies paying many contractors in the contractors' names, taking on new
 *                              contractors during the period (A9 and A17's shape: a power-law payer)
 * @param agencyMaxContractors  contractors of the largest agency; rank r has about {@code max / r}
 * @param unlistedCorporateNats companies whose egress IP is NOT on the allow-list (A2's shape); the company of
 *                              rank r has about {@code 20 / r} colleagues (at least 3)
 * @param carrierNatAccounts    subscribers behind a mobile carrier's NAT pool whose IPs the IP-type data calls
 *                              RESIDENTIAL instead of MOBILE (A2 and linked-account clusters' shape)
 * @param stealthTeams          operator teams imitating benign behaviour ({@link StealthTeam})
 */
public record HardPopulation(int payrollHubs, int escrowHubs, int hubMaxPayers, int familyGroups, int agencies,
                             int agencyMaxContractors, int unlistedCorporateNats, int carrierNatAccounts,
                             int stealthTeams) {
    /** Days of the hard preset when none are given: the stealth teams' behaviours span four weeks. */
    public static final int DAYS = 28;

    public HardPopulation {
        int[] sizes = {payrollHubs, escrowHubs, hubMaxPayers, familyGroups, agencies, agencyMaxContractors,
                unlistedCorporateNats, carrierNatAccounts, stealthTeams};
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("hard-preset sizes cannot be negative: " + this);
            }
        }
    }

    /** Sizes in proportion to {@code accounts} benign accounts (2,000 accounts: 4 + 2 hubs of up to 50 payers, ...). */
    public static HardPopulation forAccounts(int accounts) {
        return new HardPopulation(Math.max(2, accounts / 500), Math.max(2, accounts / 1000), Math.max(10, accounts / 40),
                Math.max(3, accounts / 200), Math.max(3, accounts / 250), Math.max(8, accounts / 50),
                Math.max(2, accounts / 400), Math.max(10, accounts / 20), 3);
    }

    /** Size of rank {@code rank} (1-based) under a Zipf law with exponent 1 whose largest is {@code max}. */
    static int powerLaw(int max, int rank, int min) {
        return Math.max(min, Math.round((float) max / rank));
    }
}
