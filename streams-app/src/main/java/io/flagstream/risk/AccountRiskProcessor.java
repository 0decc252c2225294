package io.flagstream.risk;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.AlertEpisodes;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Severity;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.Durations;
import io.flagstream.config.RiskSettings;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.RiskContribution;
import io.flagstream.state.RiskEntry;
import io.flagstream.state.RiskProfile;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records keyed by account, one per (alert revision, account): keeps the account's {@link RiskProfile}, and
 * forwards (1) the account's new score to the cluster sub-topology ({@link ClusterInput} of kind "risk") and
 * (2) while the score is at or above the threshold, the account's "high-risk account" finding: one per
 * episode, updated (same id, next revision) whenever a new alert starts counting.
 */
final class AccountRiskProcessor extends ContextualProcessor<String, RiskContribution, String, Object> {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    private final RiskSettings settings;
    private final Set<String> linkIndicators;
    private final AlertSettings alertSettings;
    private final Clock clock;
    private KeyValueStore<String, RiskProfile> profiles;
    private AlertEpisodes episodes;
    private long maxEventTime = Long.MIN_VALUE;

    AccountRiskProcessor(RiskSettings settings, Set<String> linkIndicators, AlertSettings alertSettings, Clock clock) {
        this.settings = settings;
        this.linkIndicators = Set.copyOf(linkIndicators);
        this.alertSettings = alertSettings;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        profiles = context.getStateStore(RiskTopology.PROFILES_STORE);
        KeyValueStore<String, Episode> store = context.getStateStore(RiskTopology.RISK_EPISODES_STORE);
        episodes = new AlertEpisodes(store, RiskTopology.findingFactory(alertSettings, clock),
                RiskTopology.longest(alertSettings.suppression(), settings.retention()), context::recordMetadata);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<String, RiskContribution> record) {
        String account = record.key();
        RiskContribution c = record.value();
        maxEventTime = Math.max(maxEventTime, record.timestamp());
        RiskProfile profile = profiles.get(account);
        if (profile == null) {
            profile = RiskProfiles.empty(account);
        }
        boolean newAlert = RiskProfiles.apply(profile, c, settings);
        if (profile.getContributions().isEmpty()) {
            return;
        }
        profiles.put(account, profile);
        long now = profile.getUpdatedAt();
        double score = RiskProfiles.score(profile, now, settings);
        // A cluster counts its members' risk without the indicators its links already say (A2: a shared login IP).
        double clusterScore = linkIndicators.isEmpty() ? score : RiskProfiles.score(profile, now, settings, linkIndicators);
        context().forward(new Record<>(account, (Object) new ClusterInput(RiskTopology.RISK_INPUT,
                account, null, "", "", c.getAlertId(), now, clusterScore, 0, List.of()), record.timestamp()));
        if (RiskProfiles.isFinding(profile, now, settings)) {
            var finding = episodes.admit(draft(profile, score, now), newAlert);
            if (finding != null) {
                context().forward(new Record<>(finding.getAlertId(), (Object) finding, record.timestamp()));
            }
        }
    }

    private AlertDraft draft(RiskProfile profile, double score, long now) {
        List<ObservedEvent> evidence = new ArrayList<>();
        for (RiskEntry e : profile.getContributions()) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("ruleId", e.getRuleId());
            facts.put("indicator", e.getIndicator());
            facts.put("alertId", e.getAlertId());
            facts.put("revision", String.valueOf(e.getRevision()));
            facts.put("entity", e.getEntityType() + ":" + e.getEntityId());
            facts.put("weight", number(e.getWeight()));
            facts.put("contribution", number(RiskProfiles.counting(profile, e, now, settings)));
            evidence.add(new ObservedEvent(e.getAlertId(), RiskTopology.ALERTS_SOURCE, profile.getAccount(), e.getTime(),
                    e.getRuleId(), facts));
        }
        String account = profile.getAccount();
        return new AlertDraft(RiskTopology.RISK_RULE_ID, Indicator.RISK,
                "High-risk account",
                "Account " + account + " has a risk score of " + number(score) + " (threshold " + number(settings.threshold())
                        + ") from " + evidence.size() + " alerts of " + profile.getContributions().stream()
                        .map(RiskEntry::getIndicator).distinct().count() + " indicators (each indicator counted once,"
                        + " at most its weight), decaying with a half-life of " + Durations.format(settings.halfLife()) + ".",
                score >= 2 * settings.threshold() ? Severity.HIGH : Severity.MEDIUM,
                "account", account, evidence,
                List.of(AlertDraft.threshold("risk-score", settings.threshold(), round(score))),
                Map.of("half-life", Durations.format(settings.halfLife()), "threshold", number(settings.threshold())),
                now - settings.retention().toMillis(), now);
    }

    /** Drops the profiles of accounts without a contribution in the retained half-lives, and ended episodes. */
    private void purge() {
        if (maxEventTime == Long.MIN_VALUE) {
            return;
        }
        long horizon = maxEventTime - settings.retention().toMillis();
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, RiskProfile> all = profiles.all()) {
            while (all.hasNext()) {
                KeyValue<String, RiskProfile> kv = all.next();
                if (kv.value.getUpdatedAt() < horizon) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(profiles::delete);
        episodes.closeEnded(maxEventTime, context());
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * Two decimals, rounded half up: the same text as {@code String.format(Locale.ROOT, "%.2f", v)} for the finite
     * values here, at a quarter of its cost (a cluster finding formats one per member, on every merge).
     */
    static String number(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
