package io.flagstream.detect.highrisk;

import io.flagstream.events.Intermediary;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which payouts go to a high-risk destination: the instrument's country is in the configured list (A8), its
 * provider is a configured service (A10: PRC-linked payment services), or it is routed through an
 * intermediary that is itself in a high-risk country. Provider names match ignoring case, spaces and
 * punctuation ("WeChat Pay" = "wechatpay" = "WECHAT-PAY").
 */
final class HighRiskDestinations {
    /** Compiled once: String.replaceAll compiles on every call, and every payout's provider is normalised. */
    private static final Pattern NOT_LETTERS_OR_DIGITS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Set<String> countries;
    /** Normalised provider name → the configured spelling, for the evidence. */
    private final Map<String, String> providers = new TreeMap<>();

    HighRiskDestinations(Set<String> countries, List<String> providers) {
        this.countries = Set.copyOf(countries.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
        providers.forEach(p -> this.providers.put(normalise(p), p));
    }

    /** Why a payout is high-risk; {@link #flagged()} is false for an ordinary payout. */
    record Classification(String country, String provider, String intermediary, String intermediaryCountry) {
        /** The destination itself is high-risk (country or provider). */
        boolean destination() {
            return country != null || provider != null;
        }

        boolean flagged() {
            return destination() || intermediaryCountry != null;
        }

        /** A payout routed through an intermediary towards or via a high-risk country: alert on its own. */
        boolean routedThroughIntermediary() {
            return intermediary != null && flagged();
        }

        boolean providerMatched() {
            return provider != null;
        }

        /** For the evidence, e.g. "instrument country CN; provider Alipay (A10 PRC-linked service)". */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (country != null) {
                parts.add("instrument country " + country);
            }
            if (provider != null) {
                parts.add("provider " + provider + " (A10 PRC-linked service)");
            }
            if (intermediaryCountry != null) {
                parts.add("intermediary country " + intermediaryCountry);
            }
            return String.join("; ", parts);
        }
    }

    Classification classify(Payout payout) {
        PaymentInstrument i = payout.getInstrument();
        String country = i.getCountry() != null && countries.contains(i.getCountry().toUpperCase(Locale.ROOT))
                ? i.getCountry().toUpperCase(Locale.ROOT) : null;
        String provider = i.getProvider() == null ? null : providers.get(normalise(i.getProvider()));
        Intermediary via = payout.getIntermediary();
        String viaName = via == null ? null : via.getName();
        String viaCountry = via != null && via.getCountry() != null && countries.contains(via.getCountry().toUpperCase(Locale.ROOT))
                ? via.getCountry().toUpperCase(Locale.ROOT) : null;
        return new Classification(country, provider, viaName, viaCountry);
    }

    static String normalise(String provider) {
        return NOT_LETTERS_OR_DIGITS.matcher(provider.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
