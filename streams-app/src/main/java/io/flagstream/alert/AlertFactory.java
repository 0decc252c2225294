package io.flagstream.alert;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.state.ObservedEvent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Turns a draft into the public alert record: id, capped evidence (newest first), times, a bounded size ({@link RecordSizeBound}). */
public final class AlertFactory {
    /** {@link FraudAlert#getStatus()} while the episode lasts (the schema default). */
    public static final String OPEN = "OPEN";
    /** {@link FraudAlert#getStatus()} of the last revision of an episode. */
    public static final String CLOSED = "CLOSED";

    private final int maxEvidence;
    private final Clock clock;

    public AlertFactory(int maxEvidence, Clock clock) {
        this.maxEvidence = maxEvidence;
        this.clock = clock;
    }

    /**
     * Deterministic id of an episode: the same input replayed gives the same ids, so a consumer can upsert
     * alerts and a replay can be compared with production.
     */
    public static String alertId(String ruleId, String entityType, String entityId, long episodeStart) {
        String name = ruleId + "|" + entityType + "|" + entityId + "|" + episodeStart;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public FraudAlert create(AlertDraft draft, String alertId, int revision, List<String> accounts) {
        AlertPriority.Ranked ranked = AlertPriority.rank(draft.severity(), draft.thresholds());
        List<ObservedEvent> newestFirst = new ArrayList<>(draft.events());
        newestFirst.sort(Comparator.comparingLong(ObservedEvent::getTimestamp).reversed()
                .thenComparing(ObservedEvent::getEventId));
        List<Evidence> evidence = new ArrayList<>();
        for (ObservedEvent e : newestFirst.subList(0, Math.min(maxEvidence, newestFirst.size()))) {
            evidence.add(new Evidence(e.getEventId(), e.getSource(), e.getAccountId(),
                    Instant.ofEpochMilli(e.getTimestamp()), e.getFacts()));
        }
        return RecordSizeBound.bound(FraudAlert.newBuilder()
                .setAlertId(alertId)
                .setRevision(revision)
                .setRuleId(draft.ruleId())
                .setIndicator(draft.indicator().name())
                .setTitle(draft.title())
                .setDescription(draft.description())
                .setSeverity(draft.severity())
                .setEntity(new AlertEntity(draft.entityType(), draft.entityId()))
                .setAccounts(accounts)
                .setWindowStart(Instant.ofEpochMilli(draft.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(draft.windowEnd()))
                .setFirstSeen(Instant.ofEpochMilli(draft.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(draft.lastSeen()))
                .setEvidence(evidence)
                .setEvidenceCount(draft.events().size())
                .setThresholds(draft.thresholds())
                .setParameters(draft.parameters())
                .setDetectedAt(clock.instant())
                .setStatus(OPEN)
                .setPriority(ranked.priority())
                .setPriorityReasons(ranked.reasons())
                .build());
    }

    /** The close of an episode: its last alert again, with the next revision and status CLOSED. */
    public FraudAlert close(FraudAlert last, int revision) {
        return FraudAlert.newBuilder(last)
                .setRevision(revision)
                .setStatus(CLOSED)
                .setDetectedAt(clock.instant())
                .build();
    }
}
