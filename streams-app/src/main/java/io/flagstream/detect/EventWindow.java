package io.flagstream.detect;

import io.flagstream.state.ObservedEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sliding-window count every "N things within W" rule needs, exact under out-of-order arrival: among
 * all windows [s, s + W] that contain the new event's time, the one with the most distinct keys.
 * Maximal windows start at an event, so a two-pointer sweep over the time-ordered events finds it in O(n).
 */
public final class EventWindow {
    private EventWindow() {
    }

    /** The events of a chosen window and how many distinct keys they hold. */
    public record Selection(List<ObservedEvent> events, int distinct, long start, long end) {
    }

    /**
     * @param events events ordered by timestamp, covering at least [pivot - W, pivot + W]
     * @param pivot  the new event's time: the window must contain it
     */
    public static Selection densest(List<ObservedEvent> events, long pivot, long windowMs,
                                    Function<ObservedEvent, String> distinctKey) {
        Map<String, Integer> counts = new HashMap<>();
        int bestFrom = 0;
        int bestTo = 0;
        int bestDistinct = 0;
        int from = 0;
        while (from < events.size() && events.get(from).getTimestamp() < pivot - windowMs) {
            from++;
        }
        int to = from;
        for (int i = from; i < events.size() && events.get(i).getTimestamp() <= pivot; i++) {
            long end = events.get(i).getTimestamp() + windowMs;
            while (to < events.size() && events.get(to).getTimestamp() <= end) {
                counts.merge(distinctKey.apply(events.get(to)), 1, Integer::sum);
                to++;
            }
            if (counts.size() > bestDistinct) {
                bestDistinct = counts.size();
                bestFrom = i;
                bestTo = to;
            }
            counts.computeIfPresent(distinctKey.apply(events.get(i)), (k, n) -> n == 1 ? null : n - 1);
        }
        List<ObservedEvent> chosen = events.subList(bestFrom, bestTo);
        long start = chosen.isEmpty() ? pivot : chosen.get(0).getTimestamp();
        return new Selection(List.copyOf(chosen), bestDistinct, start, start + windowMs);
    }
}
