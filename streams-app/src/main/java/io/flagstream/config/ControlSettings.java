package io.flagstream.config;

/**
 * Who may change the running app through the control topics, and how far. {@code signingKey} (null: no live
 * change is accepted at all) is the HMAC-SHA256 key the CLI signs each change with and the app checks it with.
 * {@code maxFactor} bounds every live value relative to its deployed one: numbers at most deployed × factor,
 * durations at least deployed ÷ factor (a grace or window cannot be cut to nothing). {@code allowDisable}
 * lets a live change switch a detector off. The defaults make the control topics unable to blind detection.
 */
public record ControlSettings(byte[] signingKey, double maxFactor, boolean allowDisable) {
    /** HMAC-SHA256 keys shorter than its 32-byte output weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    public boolean liveChangesEnabled() {
        return signingKey != null;
    }

    @Override
    public String toString() {
        return "ControlSettings[signingKey=" + (signingKey == null ? "none" : "****") + ", maxFactor=" + maxFactor
                + ", allowDisable=" + allowDisable + "]";
    }
}
