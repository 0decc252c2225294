package io.flagstream.alert;

/**
 * When a growing alert or finding gets a new revision. A hub (a wallet thousands pay into, an IP thousands log in
 * from, a component glued by a busy attribute) grows by one account at a time, and a revision per account would
 * flood reviewers and, through the risk task, fan every revision out to every account it names. So growth is news
 * while the list has at most {@value #SMALL} accounts (each member of a team is), then only when the size reaches
 * the next power of two since the last revision (16, 32, 64 …): at most {@value #SMALL} + log2(n) revisions.
 */
public final class GrowthRevisions {
    public static final int SMALL = 8;

    private GrowthRevisions() {
    }

    /** True when growing from {@code reported} accounts (at the last revision) to {@code size} deserves a revision. */
    public static boolean due(int reported, int size) {
        return size > reported && (size <= SMALL || Integer.highestOneBit(size) > Integer.highestOneBit(reported));
    }
}
