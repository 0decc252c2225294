package io.flagstream.risk;

import io.flagstream.state.AttributeUser;
import io.flagstream.state.AttributeUsers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The distinct recent users of one shared attribute, free of Kafka, and what a new use does with them. The set
 * holds at most {@code maxAccounts} accounts (one latest use each, within the window of the attribute's newest use),
 * so a use costs O(maxAccounts) whatever the attribute's traffic; a hub keeps no accounts at all.
 * <ul>
 *   <li>An account already among the users links nothing (it was linked when it joined).</li>
 *   <li>A new account links to the user whose latest use is nearest in time: enough for connectivity, one link
 *       per (attribute, account).</li>
 *   <li>A new account that finds {@code maxAccounts} users already is one too many: the attribute becomes a hub
 *       (a payroll provider, an exchange's deposit address, a NAT), links no further account and forgets its users.
 *       The links it made stay, so one hub adds at most {@code maxAccounts} accounts to a component.</li>
 * </ul>
 * A use is recorded at most once a day per account (and once a day for a hub), so a busy account does not
 * rewrite the record on every event.
 */
final class RecentUsers {
    static final long DAY = 86_400_000L;
    /** Accounts a hub finding names: enough to look into, bounded whatever the cap. */
    static final int HUB_SAMPLE = 25;

    /**
     * @param linkTo  the account to link the new user to, or null
     * @param hub     the distinct accounts counted (the new one included) and a sample of them, when the attribute
     *                became a hub with this use; null otherwise
     * @param changed whether the record must be written back
     */
    record Outcome(String linkTo, Hub hub, boolean changed) {
    }

    record Hub(int accounts, List<String> sample) {
    }

    private RecentUsers() {
    }

    static AttributeUsers empty(long t) {
        return new AttributeUsers(new ArrayList<>(), t, null);
    }

    static Outcome observe(AttributeUsers users, String account, long t, long windowMs, int maxAccounts) {
        long newest = Math.max(users.getNewest(), t);
        if (users.getHubSince() != null) {
            boolean changed = newest - users.getNewest() >= DAY;
            users.setNewest(changed ? newest : users.getNewest());
            return new Outcome(null, null, changed);
        }
        List<AttributeUser> recent = new ArrayList<>(users.getUsers());
        boolean changed = recent.removeIf(u -> u.getLastSeen() < newest - windowMs);
        AttributeUser own = recent.stream().filter(u -> u.getAccount().equals(account)).findFirst().orElse(null);
        if (own != null) {
            if (t - own.getLastSeen() >= DAY) {
                own.setLastSeen(t);
                changed = true;
            }
            if (changed) {
                users.setUsers(recent);
                users.setNewest(newest);
            }
            return new Outcome(null, null, changed);
        }
        if (recent.size() >= maxAccounts) {
            List<String> sample = new ArrayList<>();
            sample.add(account);
            recent.stream().map(AttributeUser::getAccount).sorted().limit(HUB_SAMPLE - 1).forEach(sample::add);
            users.setUsers(new ArrayList<>());
            users.setNewest(newest);
            users.setHubSince(t);
            return new Outcome(null, new Hub(recent.size() + 1, List.copyOf(sample)), true);
        }
        String nearest = recent.stream()
                .min(Comparator.comparingLong((AttributeUser u) -> Math.abs(u.getLastSeen() - t)).thenComparing(AttributeUser::getAccount))
                .map(AttributeUser::getAccount).orElse(null);
        recent.add(new AttributeUser(account, t));
        users.setUsers(recent);
        users.setNewest(newest);
        return new Outcome(nearest, null, true);
    }
}
