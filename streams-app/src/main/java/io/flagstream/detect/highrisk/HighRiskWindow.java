package io.flagstream.detect.highrisk;

import io.flagstream.state.ObservedEvent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sliding-window test behind A8: among the windows [s, s + W] that contain the new payout's time, the one
 * where the high-risk payouts reach {@code minPayouts} or their total in one currency exceeds
 * {@code amountLimit} (no FX conversion: each currency is summed and compared on its own), preferring the
 * window with the most payouts. Events carry the "amount" fact of {@code ObservedEvents}: "1234.5 USD".
 */
final class HighRiskWindow {
    static final String AMOUNT = "amount";

    private HighRiskWindow() {
    }

    /** A chosen window: its payouts, their totals per currency, whether a threshold is met, and its bounds. */
    record Selection(List<ObservedEvent> events, Map<String, BigDecimal> totals, boolean met, long start, long end) {
        int count() {
            return events.size();
        }
    }

    /**
     * @param events time-ordered events covering at least [pivot - W, pivot + W]; the pivot's event among them
     */
    static Selection find(List<ObservedEvent> events, long pivot, long windowMs, int minPayouts, BigDecimal amountLimit) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        int from = 0;
        while (from < events.size() && events.get(from).getTimestamp() < pivot - windowMs) {
            from++;
        }
        int to = from;
        int bestFrom = from;
        int bestTo = from;
        boolean bestMet = false;
        Map<String, BigDecimal> bestTotals = Map.of();
        for (int i = from; i < events.size() && events.get(i).getTimestamp() <= pivot; i++) {
            long end = events.get(i).getTimestamp() + windowMs;
            while (to < events.size() && events.get(to).getTimestamp() <= end) {
                add(totals, events.get(to), BigDecimal.ONE);
                to++;
            }
            int count = to - i;
            boolean met = count >= minPayouts || totals.values().stream().anyMatch(v -> v.compareTo(amountLimit) > 0);
            if ((met && !bestMet) || (met == bestMet && count > bestTo - bestFrom)) {
                bestMet = met;
                bestFrom = i;
                bestTo = to;
                bestTotals = new TreeMap<>(totals);
            }
            add(totals, events.get(i), BigDecimal.ONE.negate());
        }
        List<ObservedEvent> chosen = List.copyOf(events.subList(bestFrom, bestTo));
        long start = chosen.isEmpty() ? pivot : chosen.get(0).getTimestamp();
        return new Selection(chosen, bestTotals, bestMet, start, start + windowMs);
    }

    private static void add(Map<String, BigDecimal> totals, ObservedEvent e, BigDecimal sign) {
        String amount = e.getFacts().get(AMOUNT);
        int space = amount == null ? -1 : amount.lastIndexOf(' ');
        if (space < 0) {
            return;
        }
        String currency = amount.substring(space + 1);
        BigDecimal value = new BigDecimal(amount.substring(0, space));
        BigDecimal next = totals.getOrDefault(currency, BigDecimal.ZERO).add(value.multiply(sign));
        if (next.signum() == 0) {
            totals.remove(currency);
        } else {
            totals.put(currency, next);
        }
    }
}
