package io.flagstream.config;

import java.time.Duration;

/**
 * The account-profile table that payouts and logins join "as of" their event time.
 *
 * @param history   how far back profile versions are kept for out-of-order events
 * @param joinGrace how long a payout or login waits for profile changes that are late; adds that much
 *                  event-time latency to every alert that needs the profile, so 0 by default
 */
public record ProfileSettings(Duration history, Duration joinGrace) {
}
