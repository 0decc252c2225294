package io.flagstream.watchlist;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An instrument identifier as compared against a list: trimmed, and lower-cased only where the format itself
 * ignores case, so a listed address meets the same address however a wallet printed it. Ethereum-style
 * {@code 0x} + 40 hex addresses (ETH, USDT/USDC on Ethereum, …) carry their EIP-55 checksum in the letter case,
 * and bech32 addresses ({@code bc1…}, {@code ltc1…}, {@code tb1…}) are defined case-insensitive; base58
 * addresses (legacy {@code 1…}/{@code 3…} bitcoin, TRON {@code T…}) and opaque fingerprints are case-sensitive
 * and kept as they are.
 */
public final class InstrumentKey {
    private static final Pattern HEX_ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern BECH32 = Pattern.compile("(?i)(bc|tb|ltc|bcrt)1[0-9a-z]{6,87}");

    private InstrumentKey() {
    }

    /** The key of {@code instrument}; empty for null or blank. */
    public static String of(String instrument) {
        if (instrument == null) {
            return "";
        }
        String value = instrument.trim();
        if (HEX_ADDRESS.matcher(value).matches() || BECH32.matcher(value).matches()) {
            return value.toLowerCase(Locale.ROOT);
        }
        return value;
    }
}
