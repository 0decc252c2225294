package io.flagstream.bench.adversarial;

/**
 * {@code n} things (accounts, logins) spread evenly over {@code days} days from {@code start}: the i-th falls at
 * {@code start + i * period / n}. Which fall on a given day, and when.
 */
record Spread(long n, int days, long start) {
    Spread {
        if (n < 1 || days < 1) {
            throw new IllegalArgumentException("need at least one thing and one day, not " + n + " over " + days);
        }
    }

    /** Index of the first thing on {@code day} (the first of the next day ends the range). */
    long first(int day) {
        return (day * n + days - 1) / days;
    }

    long time(long i) {
        return start + i * (days * AdversarialGenerator.DAY_MS) / n;
    }

    /** Time between two consecutive things. */
    long gapMs() {
        return days * AdversarialGenerator.DAY_MS / n;
    }
}
