package io.flagstream.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long-running command. On a terminal ({@code System.console() != null}) one line redrawn in
 * place at most 4 times a second; otherwise (CI logs, pipes) a plain line every 5 seconds. Shows events done,
 * the share done when known, the rate and the time left.
 */
public final class Progress {
    private static final long TERMINAL_INTERVAL = 250_000_000L;
    private static final long LOG_INTERVAL = 5_000_000_000L;

    private final String label;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private int lastWidth;

    public Progress(String label, PrintStream out, boolean terminal) {
        this.label = label;
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on the console if there is one, plain log lines otherwise. */
    public static Progress forConsole(String label, PrintStream out) {
        return new Progress(label, out, System.console() != null);
    }

    /**
     * @param done     events done so far
     * @param fraction share of the work done, 0..1, or NaN when unknown
     */
    public void update(long done, double fraction) {
        if ((done & 1023) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrinted < (terminal ? TERMINAL_INTERVAL : LOG_INTERVAL)) {
            return;
        }
        lastPrinted = now;
        String line = line(done, fraction, now);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the progress line (terminal) so the next output starts on a fresh line. */
    public void finish() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    String line(long done, double fraction, long now) {
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder(label).append(": ").append(String.format(Locale.ROOT, "%,d events", done));
        if (!Double.isNaN(fraction) && fraction > 0) {
            b.append(String.format(Locale.ROOT, " (%.0f%%)", Math.min(1, fraction) * 100));
        }
        b.append(String.format(Locale.ROOT, ", %,.0f events/s", rate));
        if (!Double.isNaN(fraction) && fraction > 0.001 && fraction < 1) {
            long left = Math.round(seconds * (1 - fraction) / fraction);
            b.append(String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60));
        }
        return b.toString();
    }
}
