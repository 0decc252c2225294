package io.flagstream.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /** A secret: from the environment in production. */
    static final Setting<byte[]> SIGNING_KEY = Setting.of("flagstream.live.signing.key", "string",
            Setting.NONE + " (no key: every live change refused)", "at least " + MIN_KEY_BYTES + " bytes",
            "HMAC-SHA256 key live changes are signed with (secret)", (raw, key) -> {
                String text = raw.stringSetting(key, null);
                if (text == null) {
                    return null;
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                if (bytes.length < MIN_KEY_BYTES) {
                    throw new ConfigException(key, "must be at least " + MIN_KEY_BYTES
                            + " bytes long (generate one with: openssl rand -hex 32)");
                }
                return bytes;
            });
    static final Setting<Double> MAX_FACTOR = Setting.doubleAtLeast("flagstream.live.max-factor", 2.0, 1.0,
            "a live number at most deployed × this, a live duration at least deployed ÷ this");
    static final Setting<Boolean> ALLOW_DISABLE = Setting.bool("flagstream.live.allow-disable", false,
            "whether a live change may switch a detector off");

    static final List<Setting<?>> SETTINGS = List.of(SIGNING_KEY, MAX_FACTOR, ALLOW_DISABLE);

    static ControlSettings read(RawConfig raw) {
        return new ControlSettings(SIGNING_KEY.read(raw), MAX_FACTOR.read(raw), ALLOW_DISABLE.read(raw));
    }

    public boolean liveChangesEnabled() {
        return signingKey != null;
    }

    @Override
    public String toString() {
        return "ControlSettings[signingKey=" + (signingKey == null ? "none" : "****") + ", maxFactor=" + maxFactor
                + ", allowDisable=" + allowDisable + "]";
    }
}
