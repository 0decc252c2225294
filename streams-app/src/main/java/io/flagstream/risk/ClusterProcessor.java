package io.flagstream.risk;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.ClusterSettings;
import io.flagstream.config.Durations;
import io.flagstream.config.RiskSettings;
import io.flagstream.detect.Indicator;
import io.flagstream.state.Cluster;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.RiskPoint;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The single "cluster" task: connected components of linked accounts, kept incrementally as union-find with
 * explicit membership (account → component key; the component record lists its members, the links that
 * joined it and its members' latest risk scores). A link between two components merges the smaller into the
 * larger (its members are relabelled), so an account is relabelled O(log n) times. A component is reported
 * once it has {@code minSize} accounts and a combined decayed risk above {@code minRisk}; the finding's
 * entity id is its smallest member at that moment and is kept as the component grows, and every merge
 * after that updates the finding (next revision). Components without a link or risk update for the
 * retention (the longer of the window and 5 risk half-lives) are dropped whole; links do not expire
 * inside a live component, so components only grow until then.
 */
final class ClusterProcessor extends ContextualProcessor<String, ClusterInput, String, FraudAlert> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    private final ClusterSettings settings;
    private final RiskSettings risk;
    private final AlertSettings alertSettings;
    private final Clock clock;
    private final long retentionMs;
    private KeyValueStore<String, String> membership;
    private KeyValueStore<String, Cluster> components;
    private AlertEpisodes episodes;
    private long maxEventTime = Long.MIN_VALUE;

    ClusterProcessor(ClusterSettings settings, RiskSettings risk, AlertSettings alertSettings, Clock clock) {
        this.settings = settings;
        this.risk = risk;
        this.alertSettings = alertSettings;
        this.clock = clock;
        this.retentionMs = RiskTopology.clusterRetention(settings, risk).toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        membership = context.getStateStore(RiskTopology.MEMBERSHIP_STORE);
        components = context.getStateStore(RiskTopology.COMPONENTS_STORE);
        KeyValueStore<String, Episode> store = context.getStateStore(RiskTopology.CLUSTER_EPISODES_STORE);
        episodes = new AlertEpisodes(store, RiskTopology.findingFactory(alertSettings, clock), Duration.ofMillis(retentionMs));
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<String, ClusterInput> record) {
        ClusterInput in = record.value();
        long t = in.getTime();
        maxEventTime = Math.max(maxEventTime, t);
        Cluster c = componentOf(in.getAccount(), t);
        boolean grew = false;
        if (RiskTopology.RISK_INPUT.equals(in.getKind())) {
            c.getRisk().put(in.getAccount(), new RiskPoint(in.getScore(), t));
        } else if (in.getOther() != null) {
            Cluster other = componentOf(in.getOther(), t);
            if (!other.getKey().equals(c.getKey())) {
                c = merge(c, other, new ClusterLink(in.getAccount(), in.getOther(), in.getVia(), in.getValue(), in.getEventId(), t));
                grew = true;
            }
        }
        c.setLastActivity(Math.max(c.getLastActivity(), t));
        evaluate(c, t, grew, record.timestamp());
        components.put(c.getKey(), c);
    }

    private Cluster componentOf(String account, long t) {
        String key = membership.get(account);
        Cluster c = key == null ? null : components.get(key);
        if (c == null) {
            c = new Cluster(account, new ArrayList<>(List.of(account)), new ArrayList<>(), new HashMap<>(), t, null);
            membership.put(account, account);
        }
        return c;
    }

    /** Union by size: the smaller component's members move to the larger; the larger keeps its key. */
    private Cluster merge(Cluster a, Cluster b, ClusterLink link) {
        Cluster big = a.getMembers().size() >= b.getMembers().size() ? a : b;
        Cluster small = big == a ? b : a;
        for (String member : small.getMembers()) {
            membership.put(member, big.getKey());
        }
        TreeSet<String> members = new TreeSet<>(big.getMembers());
        members.addAll(small.getMembers());
        big.setMembers(new ArrayList<>(members));
        List<ClusterLink> links = new ArrayList<>(big.getLinks());
        links.addAll(small.getLinks());
        links.add(link);
        links.sort((x, y) -> Long.compare(x.getTime(), y.getTime()));
        big.setLinks(links);
        Map<String, RiskPoint> scores = new HashMap<>(big.getRisk());
        scores.putAll(small.getRisk());
        big.setRisk(scores);
        big.setLastActivity(Math.max(big.getLastActivity(), small.getLastActivity()));
        // Two reported components merge under the smaller of their finding ids; the other finding keeps its last revision.
        if (big.getFindingId() == null || small.getFindingId() != null && small.getFindingId().compareTo(big.getFindingId()) < 0) {
            big.setFindingId(small.getFindingId());
        }
        components.delete(small.getKey());
        return big;
    }

    static double combinedRisk(Cluster c, long at, RiskSettings risk) {
        double sum = 0;
        for (RiskPoint p : c.getRisk().values()) {
            sum += risk.decayed(p.getScore(), at - p.getTime());
        }
        return sum;
    }

    private void evaluate(Cluster c, long t, boolean grew, long timestamp) {
        int size = c.getMembers().size();
        double combined = combinedRisk(c, t, risk);
        if (size < settings.minSize() || combined <= settings.minRisk()) {
            return;
        }
        if (c.getFindingId() == null) {
            c.setFindingId(c.getMembers().get(0));
        }
        FraudAlert finding = episodes.admit(draft(c, combined, t), grew);
        if (finding != null) {
            context().forward(new Record<>(finding.getAlertId(), finding, timestamp));
        }
    }

    private AlertDraft draft(Cluster c, double combined, long t) {
        List<ObservedEvent> evidence = new ArrayList<>();
        Map<String, Integer> byVia = new LinkedHashMap<>();
        for (ClusterLink l : c.getLinks()) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("link", l.getVia());
            facts.put(l.getVia(), l.getValue());
            facts.put("account", l.getAccount());
            facts.put("other", l.getOther());
            evidence.add(new ObservedEvent(l.getEventId(), RiskTopology.LINKS_SOURCE, l.getAccount(), l.getTime(), l.getValue(), facts));
            byVia.merge(l.getVia(), 1, Integer::sum);
        }
        for (String member : c.getMembers()) {
            RiskPoint p = c.getRisk().get(member);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("risk", AccountRiskProcessor.number(p == null ? 0 : risk.decayed(p.getScore(), t - p.getTime())));
            evidence.add(new ObservedEvent("member:" + member, RiskTopology.MEMBERS_SOURCE, member,
                    p == null ? c.getLastActivity() : p.getTime(), member, facts));
        }
        long first = c.getLinks().stream().mapToLong(ClusterLink::getTime).min().orElse(t);
        return new AlertDraft(RiskTopology.CLUSTER_RULE_ID, Indicator.CLUSTER,
                "Linked accounts with a combined high risk",
                c.getMembers().size() + " accounts linked by shared " + byVia + " have a combined risk of "
                        + AccountRiskProcessor.number(combined) + " (thresholds: " + settings.minSize() + " accounts, risk above "
                        + AccountRiskProcessor.number(settings.minRisk()) + ").",
                combined > 2 * settings.minRisk() ? Severity.HIGH : Severity.MEDIUM,
                "cluster", c.getFindingId(), evidence,
                List.of(AlertDraft.threshold("cluster-size", settings.minSize(), c.getMembers().size()),
                        AlertDraft.threshold("combined-risk", settings.minRisk(), AccountRiskProcessor.round(combined))),
                Map.of("window", Durations.format(settings.window()), "min-size", String.valueOf(settings.minSize()),
                        "min-risk", AccountRiskProcessor.number(settings.minRisk()),
                        "half-life", Durations.format(risk.halfLife())),
                first, t);
    }

    /** Drops components idle for the retention, with their members' labels, and ended episodes. */
    private void purge() {
        if (maxEventTime == Long.MIN_VALUE) {
            return;
        }
        List<Cluster> stale = new ArrayList<>();
        try (KeyValueIterator<String, Cluster> all = components.all()) {
            while (all.hasNext()) {
                KeyValue<String, Cluster> kv = all.next();
                if (kv.value.getLastActivity() < maxEventTime - retentionMs) {
                    stale.add(kv.value);
                }
            }
        }
        for (Cluster c : stale) {
            c.getMembers().forEach(membership::delete);
            components.delete(c.getKey());
        }
        episodes.closeEnded(maxEventTime, context());
    }
}
