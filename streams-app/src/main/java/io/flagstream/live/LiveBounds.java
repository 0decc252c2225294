package io.flagstream.live;

import io.flagstream.config.ConfigException;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.ControlSettings;
import io.flagstream.config.FlagStreamConfig;

import java.math.BigDecimal;
import java.util.Map;

/**
 * How far a live change may move a setting from its deployed value, so that whoever can publish on the
 * control topics still cannot blind detection: no detector switched off (unless
 * {@code flagstream.live.allow-disable}) and no number above deployed × {@code flagstream.live.max-factor};
 * durations (window, grace, lookback, suppression) keep the range {@code ConfigLoader.withOverrides} allows. The
 * deployment itself (the properties file) is not bound: these limits apply to live changes only.
 */
public final class LiveBounds {
    private final Map<String, String> deployed;
    private final ControlSettings control;

    public LiveBounds(FlagStreamConfig config) {
        this.deployed = ConfigLoader.describe(config.given(), Map.of());
        this.control = config.control();
    }

    /** The deployed value of a setting (defaults included), or null. */
    public String deployedValue(String setting) {
        return deployed.get(setting);
    }

    /** @throws ConfigException naming {@code setting} when {@code value} lies outside the bounds */
    public void check(String setting, String value) {
        String was = deployed.get(setting);
        if (was == null || value == null) {
            return;
        }
        if (setting.endsWith(".enabled")) {
            if ("true".equals(was) && isOff(value) && !control.allowDisable()) {
                throw new ConfigException(setting, "cannot be switched off by a live change (flagstream.live.allow-disable"
                        + " is false): switching a detector off blinds it; change the properties file and restart");
            }
            return;
        }
        BigDecimal wasNumber = number(was);
        BigDecimal now = number(value);
        if (wasNumber != null && now != null) {
            BigDecimal ceiling = wasNumber.multiply(BigDecimal.valueOf(control.maxFactor()));
            if (now.compareTo(ceiling) > 0) {
                throw new ConfigException(setting, "would be " + value + ", above its deployed " + was
                        + " × flagstream.live.max-factor " + control.maxFactor() + " = " + ceiling.stripTrailingZeros().toPlainString()
                        + ": a live change cannot raise a threshold that far");
            }
        }
    }

    private static boolean isOff(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "false", "no", "off" -> true;
            default -> false;
        };
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
