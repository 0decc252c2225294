package io.flagstream.sim;

import java.time.Instant;

/**
 * Size and plant counts of a simulated platform.
 *
 * @param seed              same seed, same events
 * @param accounts          benign accounts (clients and freelancers)
 * @param days              simulated days of traffic
 * @param start             midnight UTC of the first day
 * @param sharedWalletTeams A16: operator teams whose accounts pay out into one shared wallet
 * @param churningAccounts  A17: operator accounts that keep changing where their money goes
 */
public record DemoScenario(long seed, int accounts, int days, Instant start, int sharedWalletTeams, int churningAccounts) {
    public static DemoScenario demo() {
        return new DemoScenario(42, 3000, 14, Instant.parse("2026-03-01T00:00:00Z"), 4, 5);
    }
}
