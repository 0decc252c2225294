package io.flagstream.sim;

import java.time.Instant;

/**
 * Size of a simulated platform.
 *
 * @param seed          same seed, same events
 * @param accounts      benign accounts (clients and freelancers, some of them confounders)
 * @param days          simulated days of traffic; operator teams need at least {@value #MIN_DAYS}
 * @param start         midnight UTC of the first day
 * @param operatorTeams planted operator teams; each plants one case for every detector (see {@link OperatorTeam})
 * @param hard          the hard preset's extra populations (benign hubs and operators that imitate them) on top
 *                      of the default scenario; {@code null} for the default scenario alone
 */
public record DemoScenario(long seed, int accounts, int days, Instant start, int operatorTeams, HardPopulation hard) {
    public static final int MIN_DAYS = 14;

    public DemoScenario {
        if (operatorTeams > 0 && days < MIN_DAYS) {
            throw new IllegalArgumentException("operator teams need at least " + MIN_DAYS + " simulated days, not " + days);
        }
        if (hard != null && hard.stealthTeams() > 0 && days < StealthTeam.MIN_DAYS) {
            throw new IllegalArgumentException("stealth teams need at least " + StealthTeam.MIN_DAYS
                    + " simulated days (their slow drips and slow churn span four weeks), not " + days);
        }
    }

    /** The default scenario: no hard-preset populations. */
    public DemoScenario(long seed, int accounts, int days, Instant start, int operatorTeams) {
        this(seed, accounts, days, start, operatorTeams, null);
    }

    public static DemoScenario demo() {
        return new DemoScenario(42, 3000, 14, Instant.parse("2026-03-01T00:00:00Z"), 3);
    }
}
