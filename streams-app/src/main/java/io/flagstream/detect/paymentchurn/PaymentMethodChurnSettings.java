package io.flagstream.detect.paymentchurn;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;
import io.flagstream.config.Setting;

import java.time.Duration;

/**
 * A17: {@code minChanges} changes of where an account's money goes within the window.
 *
 * @param instrumentMemory how long an instrument an account used stays "known" (a payout to it is no change)
 * @param minPayees        a change of an instrument in another holder's name is a payee change, not counted, when the
 *                         account linked at least this many other such instruments within {@code instrumentMemory}
 *                         (an agency paying its contractors); 0 counts every change
 */
public record PaymentMethodChurnSettings(DetectorSettings common, int minChanges, Duration instrumentMemory, int minPayees)
        implements RuleSettings {
    static final Setting<Integer> MIN_CHANGES = Setting.intAtLeast("min-changes", 3, 2,
            "changes of payout method within the window");
    static final Setting<Duration> INSTRUMENT_MEMORY = Setting.positiveDuration("instrument-memory", Duration.ofDays(180),
            "how long an instrument the account used stays known");
    static final Setting<Integer> MIN_PAYEES = Setting.intAtLeast("min-payees", 3, 0,
            "other holders' instruments that make the account a payer of others (0 counts every change)");

    public static final DetectorDeclaration<PaymentMethodChurnSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            PaymentMethodChurnDetector.ID, Duration.ofDays(30),
            (common, v) -> new PaymentMethodChurnSettings(common, v.get(MIN_CHANGES), v.get(INSTRUMENT_MEMORY), v.get(MIN_PAYEES)),
            MIN_CHANGES, INSTRUMENT_MEMORY, MIN_PAYEES);
}
