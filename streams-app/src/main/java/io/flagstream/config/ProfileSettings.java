package io.flagstream.config;

import java.time.Duration;
import java.util.List;

/**
 * The account-profile table that payouts and logins join "as of" their event time.
 *
 * @param history   how far back profile versions are kept for out-of-order events
 * @param joinGrace how long a payout or login waits for profile changes that are late; adds that much
 *                  event-time latency to every alert that needs the profile, so 0 by default
 */
public record ProfileSettings(Duration history, Duration joinGrace) {
    static final Setting<Duration> HISTORY = Setting.positiveDuration("flagstream.profile.history", Duration.ofDays(7),
            "how far back profile versions are kept for out-of-order events");
    static final Setting<Duration> JOIN_GRACE = Setting.nonNegativeDuration("flagstream.profile.join-grace", Duration.ZERO,
            "how long a payout or login waits for late profile changes (adds that much latency to alerts needing the profile)");

    static final List<Setting<?>> SETTINGS = List.of(HISTORY, JOIN_GRACE);

    static ProfileSettings read(RawConfig raw) {
        return new ProfileSettings(HISTORY.read(raw), JOIN_GRACE.read(raw));
    }
}
