package io.flagstream.detect.clientfreelancer;

import io.flagstream.state.ObservedEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The sliding-window test behind A5: among the windows [s, s + W] that contain the new event's time, the one
 * that links the instrument to at least one client account and at least one freelancer account that are two
 * different accounts (an account of role BOTH counts on both sides, but never pairs with itself), with the
 * most accounts. Events are the instrument's linking events, ordered by time, each with a "role" fact.
 */
final class ClientFreelancerWindow {
    static final String ROLE = "role";

    private ClientFreelancerWindow() {
    }

    /** A linking window: its events, the accounts on each side and its bounds. */
    record Selection(List<ObservedEvent> events, TreeSet<String> clients, TreeSet<String> freelancers, long start, long end) {
        int accounts() {
            TreeSet<String> all = new TreeSet<>(clients);
            all.addAll(freelancers);
            return all.size();
        }
    }

    static boolean isClient(String role) {
        return "CLIENT".equals(role) || "BOTH".equals(role);
    }

    static boolean isFreelancer(String role) {
        return "FREELANCER".equals(role) || "BOTH".equals(role);
    }

    static boolean hasRole(ObservedEvent e) {
        String role = e.getFacts().get(ROLE);
        return isClient(role) || isFreelancer(role);
    }

    /**
     * @param events time-ordered events covering at least [pivot - W, pivot + W]
     * @return the best linking window containing {@code pivot}, or empty when no window links both roles
     */
    static Optional<Selection> find(List<ObservedEvent> events, long pivot, long windowMs) {
        Map<String, Integer> clients = new HashMap<>();
        Map<String, Integer> freelancers = new HashMap<>();
        Map<String, Integer> all = new HashMap<>();
        int from = 0;
        while (from < events.size() && events.get(from).getTimestamp() < pivot - windowMs) {
            from++;
        }
        int to = from;
        int bestFrom = -1;
        int bestTo = -1;
        int bestAccounts = 0;
        for (int i = from; i < events.size() && events.get(i).getTimestamp() <= pivot; i++) {
            long end = events.get(i).getTimestamp() + windowMs;
            while (to < events.size() && events.get(to).getTimestamp() <= end) {
                count(events.get(to), clients, freelancers, all, 1);
                to++;
            }
            int accounts = linkedAccounts(clients, freelancers, all);
            if (accounts > bestAccounts) {
                bestAccounts = accounts;
                bestFrom = i;
                bestTo = to;
            }
            count(events.get(i), clients, freelancers, all, -1);
        }
        if (bestFrom < 0) {
            return Optional.empty();
        }
        List<ObservedEvent> chosen = List.copyOf(events.subList(bestFrom, bestTo));
        TreeSet<String> c = new TreeSet<>();
        TreeSet<String> f = new TreeSet<>();
        for (ObservedEvent e : chosen) {
            String role = e.getFacts().get(ROLE);
            if (isClient(role)) {
                c.add(e.getAccountId());
            }
            if (isFreelancer(role)) {
                f.add(e.getAccountId());
            }
        }
        long start = chosen.get(0).getTimestamp();
        return Optional.of(new Selection(chosen, c, f, start, start + windowMs));
    }

    /**
     * The evidence a reviewer needs: per account, the first and the latest event linking it to the
     * instrument in the window (one event when they coincide), oldest first.
     */
    static List<ObservedEvent> linkingEvents(Selection selection) {
        Map<String, ObservedEvent> first = new LinkedHashMap<>();
        Map<String, ObservedEvent> last = new LinkedHashMap<>();
        for (ObservedEvent e : selection.events()) {
            first.putIfAbsent(e.getAccountId(), e);
            last.put(e.getAccountId(), e);
        }
        List<ObservedEvent> out = new ArrayList<>(first.values());
        last.forEach((account, e) -> {
            if (e != first.get(account)) {
                out.add(e);
            }
        });
        out.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).thenComparing(ObservedEvent::getEventId));
        return out;
    }

    /** Distinct accounts when the window pairs a client with a different freelancer account, else 0. */
    private static int linkedAccounts(Map<String, Integer> clients, Map<String, Integer> freelancers,
                                      Map<String, Integer> all) {
        // Both sides non-empty and two accounts in all: some client differs from some freelancer.
        return clients.isEmpty() || freelancers.isEmpty() || all.size() < 2 ? 0 : all.size();
    }

    private static void count(ObservedEvent e, Map<String, Integer> clients, Map<String, Integer> freelancers,
                              Map<String, Integer> all, int delta) {
        String role = e.getFacts().get(ROLE);
        all.merge(e.getAccountId(), delta, (a, b) -> a + b == 0 ? null : a + b);
        if (isClient(role)) {
            clients.merge(e.getAccountId(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (isFreelancer(role)) {
            freelancers.merge(e.getAccountId(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }
}
