package io.flagstream.risk;

import io.flagstream.state.ClusterInput;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.HashMap;
import java.util.Map;

/**
 * Records keyed by a shared attribute (instrument fingerprint, IP, {@code device:<id>}, {@code document:<fp>}):
 * when an account uses the attribute and no use of it by that account is on record within ±window, while
 * other accounts used it within ±window, forwards one link from the account to the other account whose use
 * is nearest in time. That is enough for connectivity: every account that joins an attribute's users is
 * linked to one of them, and they are linked among themselves. The store keeps at most one use per
 * (attribute, account, day) for window + 1 day, so a busy account does not grow it.
 * <p>
 * An attribute that {@code maxAccounts} or more other accounts used within ±window is a shared range (a NAT,
 * a provider's pool), not one operator's: it links no further account. The accounts it linked before stay
 * linked, so one hot attribute adds at most {@code maxAccounts} accounts to a component.
 */
final class SharedAttributeLinker extends ContextualProcessor<String, ObservedEvent, String, ClusterInput> {
    private static final long DAY = 86_400_000L;
    /** For attributes whose wide sharing is itself the signal (an instrument, a device, a document). */
    static final int UNCAPPED = Integer.MAX_VALUE;

    private final String via;
    private final String storeName;
    private final long windowMs;
    private final int maxAccounts;
    private WindowStore<String, ObservedEvent> uses;

    SharedAttributeLinker(String via, String storeName, long windowMs, int maxAccounts) {
        this.via = via;
        this.storeName = storeName;
        this.windowMs = windowMs;
        this.maxAccounts = maxAccounts;
    }

    @Override
    public void init(ProcessorContext<String, ClusterInput> context) {
        super.init(context);
        uses = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ObservedEvent> record) {
        String key = record.key();
        ObservedEvent use = record.value();
        String account = use.getAccountId();
        long t = record.timestamp();
        long ownNearest = Long.MAX_VALUE;
        Map<String, Long> others = new HashMap<>();
        try (WindowStoreIterator<ObservedEvent> it = uses.fetch(key, t - windowMs, t + windowMs)) {
            while (it.hasNext()) {
                var kv = it.next();
                long distance = Math.abs(kv.key - t);
                if (kv.value.getAccountId().equals(account)) {
                    ownNearest = Math.min(ownNearest, distance);
                } else {
                    others.merge(kv.value.getAccountId(), distance, Math::min);
                }
            }
        }
        if (ownNearest >= DAY) {
            uses.put(key, use, t);
        }
        if (ownNearest != Long.MAX_VALUE || others.isEmpty() || others.size() >= maxAccounts) {
            return;
        }
        String other = others.entrySet().stream()
                .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
        context().forward(new Record<>(account, new ClusterInput(RiskTopology.LINK_INPUT, account, other, via,
                use.getSubject(), use.getEventId(), t, 0.0), t));
    }
}
