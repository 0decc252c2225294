package io.flagstream.detect.smallpayouts;

import io.flagstream.state.ObservedEvent;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * A18's sliding window, exact under out-of-order arrival: among the windows [s, s + W] that contain the
 * new payout's time and start at a payout, the one with the most payouts among those whose count reaches
 * {@code minPayouts} and whose sum exceeds {@code totalLimit}. Amounts are positive, so a maximal window
 * (start at a payout, all payouts up to s + W) dominates its sub-windows; a two-pointer sweep is O(n).
 */
final class DrainWindow {
    private DrainWindow() {
    }

    /** The chosen payouts, their count and sum, and the window's bounds; {@code found} false when none qualifies. */
    record Selection(boolean found, List<ObservedEvent> events, BigDecimal total, long start, long end) {
        int count() {
            return events.size();
        }
    }

    /**
     * @param events payouts ordered by timestamp, covering at least [pivot - W, pivot + W]
     * @param pivot  the new payout's time: the window must contain it
     */
    static Selection find(List<ObservedEvent> events, long pivot, long windowMs, int minPayouts, BigDecimal totalLimit,
                          Function<ObservedEvent, BigDecimal> amount) {
        int from = 0;
        while (from < events.size() && events.get(from).getTimestamp() < pivot - windowMs) {
            from++;
        }
        int to = from;
        BigDecimal sum = BigDecimal.ZERO;
        int bestFrom = -1;
        int bestTo = -1;
        BigDecimal bestSum = BigDecimal.ZERO;
        for (int i = from; i < events.size() && events.get(i).getTimestamp() <= pivot; i++) {
            long end = events.get(i).getTimestamp() + windowMs;
            while (to < events.size() && events.get(to).getTimestamp() <= end) {
                sum = sum.add(amount.apply(events.get(to)));
                to++;
            }
            int count = to - i;
            boolean qualifies = count >= minPayouts && sum.compareTo(totalLimit) > 0;
            if (qualifies && (bestFrom < 0 || count > bestTo - bestFrom)) {
                bestFrom = i;
                bestTo = to;
                bestSum = sum;
            }
            sum = sum.subtract(amount.apply(events.get(i)));
        }
        if (bestFrom < 0) {
            return new Selection(false, List.of(), BigDecimal.ZERO, pivot, pivot);
        }
        long start = events.get(bestFrom).getTimestamp();
        return new Selection(true, List.copyOf(events.subList(bestFrom, bestTo)), bestSum, start, start + windowMs);
    }
}
