package io.flagstream.bench;

import io.flagstream.config.ProcessingGuarantee;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One FlagStream configuration of the matrix: guarantee, commit interval and stream threads, written
 * {@code alos-1s-1t}, {@code eos-100ms-2t}, ...
 */
public record Combo(ProcessingGuarantee guarantee, long commitMs, int threads) {
    private static final Pattern LABEL = Pattern.compile("(alos|eos)-(\\d+)(ms|s)-(\\d+)t");

    public static final List<Combo> FULL = List.of(
            parse("alos-100ms-1t"), parse("alos-100ms-2t"), parse("alos-1s-1t"), parse("alos-1s-2t"),
            parse("eos-100ms-1t"), parse("eos-100ms-2t"), parse("eos-1s-1t"), parse("eos-1s-2t"));
    public static final List<Combo> QUICK = List.of(parse("alos-1s-1t"), parse("eos-1s-1t"));

    public static Combo parse(String label) {
        Matcher m = LABEL.matcher(label.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a matrix entry: '" + label
                    + "' (expected <alos|eos>-<n><ms|s>-<threads>t, e.g. alos-1s-1t or eos-100ms-2t)");
        }
        long n = Long.parseLong(m.group(2));
        long ms = m.group(3).equals("s") ? n * 1000 : n;
        int threads = Integer.parseInt(m.group(4));
        if (ms <= 0 || threads <= 0) {
            throw new IllegalArgumentException("commit interval and threads must be positive: " + label);
        }
        return new Combo(m.group(1).equals("eos") ? ProcessingGuarantee.EXACTLY_ONCE_V2 : ProcessingGuarantee.AT_LEAST_ONCE,
                ms, threads);
    }

    public static List<Combo> parseList(String labels) {
        List<Combo> combos = new ArrayList<>();
        for (String label : labels.split(",")) {
            if (!label.isBlank()) {
                combos.add(parse(label));
            }
        }
        return List.copyOf(combos);
    }

    public boolean eos() {
        return guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2;
    }

    /** The same commit interval and threads under the other guarantee. */
    public Combo withGuarantee(ProcessingGuarantee g) {
        return new Combo(g, commitMs, threads);
    }

    public String commitLabel() {
        return commitMs % 1000 == 0 ? (commitMs / 1000) + "s" : commitMs + "ms";
    }

    public String label() {
        return (eos() ? "eos" : "alos") + "-" + commitLabel() + "-" + threads + "t";
    }

    @Override
    public String toString() {
        return label();
    }
}
