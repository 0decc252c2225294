package io.flagstream.risk;

import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.ClusterSettings;
import io.flagstream.config.RiskSettings;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.ClusterNode;
import io.flagstream.state.ClusterSummary;
import io.flagstream.state.Episode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The single "cluster" task: connected components of linked accounts as a union-find forest ({@link UnionFind}, one
 * node per account) with one bounded summary per component ({@link ClusterSummaries}, keyed by its root). A link
 * or a risk score costs O(log n) node reads and a constant amount of summary work, however big the component.
 * <ul>
 *   <li>A component is reported once it has {@code minSize} accounts and a combined decayed risk above
 *       {@code minRisk}; the finding's entity id is its smallest listed member then, kept as it grows. Revisions
 *       are rate-limited by {@link ClusterRevisions}; in between, the finding's episode is kept open once a day of
 *       event time.</li>
 *   <li>A hub notice from a linker is reported once as its own finding ({@value RiskTopology#HUB_RULE_ID}).</li>
 *   <li>Retention: once a day of event time (checked every 10 minutes of wall clock), components with no link or
 *       risk update for the retention (the longer of the window and 5 risk half-lives) are dropped: their summaries,
 *       then, in one pass over the nodes, every node whose root was dropped. Links do not expire inside a live
 *       component.</li>
 * </ul>
 */
final class ClusterProcessor extends ContextualProcessor<String, ClusterInput, String, FraudAlert> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final ClusterSettings settings;
    private final RiskSettings risk;
    private final AlertSettings alertSettings;
    private final Clock clock;
    private final long retentionMs;
    private final ClusterFindings findings;
    private KeyValueStore<String, ClusterNode> nodeStore;
    private UnionFind forest;
    private KeyValueStore<String, ClusterSummary> summaries;
    private AlertEpisodes clusterEpisodes;
    private AlertEpisodes hubEpisodes;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;

    ClusterProcessor(ClusterSettings settings, RiskSettings risk, AlertSettings alertSettings, Clock clock) {
        this.settings = settings;
        this.risk = risk;
        this.alertSettings = alertSettings;
        this.clock = clock;
        this.retentionMs = RiskTopology.clusterRetention(settings, risk).toMillis();
        this.findings = new ClusterFindings(settings, risk);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        nodeStore = context.getStateStore(RiskTopology.NODES_STORE);
        forest = new UnionFind(UnionFind.Nodes.of(nodeStore));
        summaries = context.getStateStore(RiskTopology.SUMMARIES_STORE);
        KeyValueStore<String, Episode> clusters = context.getStateStore(RiskTopology.CLUSTER_EPISODES_STORE);
        KeyValueStore<String, Episode> hubs = context.getStateStore(RiskTopology.HUB_EPISODES_STORE);
        Duration retention = Duration.ofMillis(retentionMs);
        clusterEpisodes = new AlertEpisodes(clusters, RiskTopology.findingFactory(alertSettings, clock), retention, context::recordMetadata);
        hubEpisodes = new AlertEpisodes(hubs, RiskTopology.findingFactory(alertSettings, clock), retention, context::recordMetadata);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<String, ClusterInput> record) {
        ClusterInput in = record.value();
        long t = in.getTime();
        maxEventTime = Math.max(maxEventTime, t);
        switch (in.getKind()) {
            case RiskTopology.RISK_INPUT -> score(in.getAccount(), in.getScore(), t, record.timestamp());
            case RiskTopology.HUB_INPUT -> forward(hubEpisodes.admitRevisingOnly(findings.hub(in), false), record.timestamp());
            default -> {
                if (in.getOther() != null) {
                    link(in, t, record.timestamp());
                }
            }
        }
    }

    private void score(String account, double score, long t, long timestamp) {
        String root = forest.find(account);
        ClusterSummary summary = summaryOf(root, t);
        ClusterNode node = nodeStore.get(account);
        ClusterSummaries.score(summary, account, node.getScore(), node.getScoreTime(), score, t, risk);
        node.setScore(score);
        node.setScoreTime(t);
        nodeStore.put(account, node);
        evaluate(root, summary, t, timestamp);
    }

    private void link(ClusterInput in, long t, long timestamp) {
        String a = forest.find(in.getAccount());
        String b = forest.find(in.getOther());
        String root = a;
        ClusterSummary kept = summaryOf(a, t);
        if (!a.equals(b)) {
            ClusterSummary other = summaryOf(b, t);
            UnionFind.Union union = forest.union(a, b);
            ClusterLink link = new ClusterLink(in.getAccount(), in.getOther(), in.getVia(), in.getValue(), in.getEventId(), t);
            root = union.root();
            kept = root.equals(a) ? ClusterSummaries.merge(kept, other, link, risk) : ClusterSummaries.merge(other, kept, link, risk);
            summaries.delete(union.absorbed());
        }
        kept.setLastActivity(Math.max(kept.getLastActivity(), t));
        evaluate(root, kept, t, timestamp);
    }

    private ClusterSummary summaryOf(String root, long t) {
        ClusterSummary s = summaries.get(root);
        return s != null ? s : ClusterSummaries.singleton(root, t);
    }

    /** Reports, revises or keeps open the component's finding as due, then writes its summary back. */
    private void evaluate(String root, ClusterSummary s, long t, long timestamp) {
        int size = forest.size(root);
        double combined = ClusterSummaries.combinedRisk(s, t, risk);
        if (size >= settings.minSize() && combined > settings.minRisk()) {
            if (s.getFindingId() == null) {
                s.setFindingId(ClusterSummaries.accounts(s).get(0));
            }
            boolean revise = ClusterRevisions.due(s, size);
            if (revise || s.getFindingTouched() == Long.MIN_VALUE || t - s.getFindingTouched() >= DAY) {
                forward(clusterEpisodes.admitRevisingOnly(findings.linkedAccounts(s, size, combined, t), revise), timestamp);
                s.setFindingTouched(t);
                if (revise) {
                    s.setReportedSize(size);
                }
            }
        }
        summaries.put(root, s);
    }

    private void forward(FraudAlert finding, long timestamp) {
        if (finding != null) {
            context().forward(new Record<>(finding.getAlertId(), finding, timestamp));
        }
    }

    /** Ends findings' episodes; once a day of event time, drops idle components (summaries, then their nodes). */
    private void purge() {
        if (maxEventTime == Long.MIN_VALUE) {
            return;
        }
        clusterEpisodes.closeEnded(maxEventTime, context());
        hubEpisodes.closeEnded(maxEventTime, context());
        if (lastSweep != Long.MIN_VALUE && maxEventTime - lastSweep < DAY) {
            return;
        }
        lastSweep = maxEventTime;
        long horizon = maxEventTime - retentionMs;
        Set<String> idle = new HashSet<>();
        try (KeyValueIterator<String, ClusterSummary> all = summaries.all()) {
            while (all.hasNext()) {
                KeyValue<String, ClusterSummary> kv = all.next();
                if (kv.value.getLastActivity() < horizon) {
                    idle.add(kv.key);
                }
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, ClusterNode> all = nodeStore.all()) {
            while (all.hasNext()) {
                String account = all.next().key;
                if (idle.contains(UnionFind.root(nodeStore, account))) {
                    gone.add(account);
                }
            }
        }
        idle.forEach(summaries::delete);
        gone.forEach(nodeStore::delete);
    }
}
