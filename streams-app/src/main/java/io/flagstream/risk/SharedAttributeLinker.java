package io.flagstream.risk;

import io.flagstream.state.AttributeUsers;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Records keyed by a shared attribute (instrument fingerprint, IP, {@code device:<id>}, {@code document:<fp>}):
 * keeps the attribute's recent distinct users ({@link RecentUsers}, one bounded record per attribute) and forwards a
 * link when a new account joins them, or once a hub notice when the attribute is used by more accounts than
 * {@code maxAccounts}. One store read per use, and at most one write: no scan of the attribute's past uses.
 * <p>
 * Retention: every 10 minutes of wall clock the attributes with no use recorded for window + 1 day of event time
 * are deleted, hubs included (a hub that comes back later starts over).
 */
final class SharedAttributeLinker extends ContextualProcessor<String, ObservedEvent, String, ClusterInput> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    private final UnaryOperator<String> viaOfKey;
    private final String storeName;
    private final long windowMs;
    private final int maxAccounts;
    private KeyValueStore<String, AttributeUsers> users;
    private long maxEventTime = Long.MIN_VALUE;

    /** @param viaOfKey which attribute a key is ({@code instrument}, {@code ip}, {@code device}, {@code document}) */
    SharedAttributeLinker(UnaryOperator<String> viaOfKey, String storeName, long windowMs, int maxAccounts) {
        this.viaOfKey = viaOfKey;
        this.storeName = storeName;
        this.windowMs = windowMs;
        this.maxAccounts = maxAccounts;
    }

    @Override
    public void init(ProcessorContext<String, ClusterInput> context) {
        super.init(context);
        users = context.getStateStore(storeName);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<String, ObservedEvent> record) {
        String key = record.key();
        ObservedEvent use = record.value();
        String account = use.getAccountId();
        long t = record.timestamp();
        maxEventTime = Math.max(maxEventTime, t);
        AttributeUsers known = users.get(key);
        AttributeUsers current = known == null ? RecentUsers.empty(t) : known;
        RecentUsers.Outcome outcome = RecentUsers.observe(current, account, t, windowMs, maxAccounts);
        if (outcome.changed()) {
            users.put(key, current);
        }
        String via = viaOfKey.apply(key);
        if (outcome.linkTo() != null) {
            context().forward(new Record<>(account, new ClusterInput(RiskTopology.LINK_INPUT, account, outcome.linkTo(), via,
                    use.getSubject(), use.getEventId(), t, 0.0, 0, List.of()), t));
        }
        if (outcome.hub() != null) {
            context().forward(new Record<>(account, new ClusterInput(RiskTopology.HUB_INPUT, account, null, via,
                    use.getSubject(), use.getEventId(), t, 0.0, outcome.hub().accounts(), outcome.hub().sample()), t));
        }
    }

    private void purge() {
        if (maxEventTime == Long.MIN_VALUE) {
            return;
        }
        long horizon = maxEventTime - windowMs - RecentUsers.DAY;
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, AttributeUsers> all = users.all()) {
            while (all.hasNext()) {
                KeyValue<String, AttributeUsers> kv = all.next();
                if (kv.value.getNewest() < horizon) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(users::delete);
    }
}
