package io.flagstream.config;

import java.time.Duration;

/**
 * A17: at least {@code minChanges} changes of where an account's money goes within the window.
 *
 * @param instrumentMemory how long an instrument an account used stays "known" (a payout to it is no change)
 */
public record PaymentMethodChurnSettings(DetectorSettings common, int minChanges, Duration instrumentMemory) {
}
