package io.flagstream.risk;

import io.flagstream.alert.AlertFactory;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.AlertSettings;
import io.flagstream.config.ClusterSettings;
import io.flagstream.config.RiskSettings;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorStores;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.LoginKind;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.state.AttributeUsers;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ClusterNode;
import io.flagstream.state.ClusterSummary;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.RiskContribution;
import io.flagstream.state.RiskProfile;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Findings over detector alerts, added after the detectors. Why it is shaped this way:
 * <ul>
 *   <li><b>Account risk</b> ({@value #RISK_RULE_ID}): every alert revision is fanned out to each account it
 *       names and re-keyed by account through one repartition topic ({@value #ALERTS_BY_ACCOUNT}), so an
 *       account's risk lives in one task and scales with the input partitions.</li>
 *   <li><b>Links</b>: accounts sharing an instrument, a login IP (not MOBILE, not allow-listed), a device or an
 *       identity document within the cluster window are linked where that attribute is already the key:
 *       instrument activity and logins by IP reuse the detectors' re-keys; devices and documents share one
 *       new re-key ({@value #ATTRIBUTES_BY_VALUE}).</li>
 *   <li><b>Hubs</b> ({@value #HUB_RULE_ID}): an attribute used by more distinct accounts than its cap links no
 *       further accounts and is reported once; the linkers keep a bounded set of recent users per attribute.</li>
 *   <li><b>Clusters</b> ({@value #CLUSTER_RULE_ID}): connected components are global, so links, hub notices and
 *       risk scores meet in one-partition repartition topics ({@value #CLUSTER_INPUTS}-*) and one task keeps
 *       union-find state with a bounded summary per component. Its throughput is one thread's: see
 *       docs/design.md for the measured limit.</li>
 * </ul>
 */
public final class RiskTopology {
    public static final String RISK_RULE_ID = "risk-high-risk-account";
    public static final String CLUSTER_RULE_ID = "cluster-linked-accounts";
    public static final String HUB_RULE_ID = "cluster-hub-attribute";
    /** Repartition topic of alert revisions keyed by account. */
    public static final String ALERTS_BY_ACCOUNT = "alerts-by-account";
    /** Repartition topic of device and identity-document uses keyed by {@code device:<id>} / {@code document:<fp>}. */
    public static final String ATTRIBUTES_BY_VALUE = "account-attributes-by-value";
    /** Prefix of the one-partition repartition topics feeding the cluster task (one per source). */
    public static final String CLUSTER_INPUTS = "cluster-inputs";
    public static final String PROFILES_STORE = RISK_RULE_ID + "-profiles-store";
    public static final String RISK_EPISODES_STORE = RISK_RULE_ID + "-episodes-store";
    /** Account → its union-find node. */
    public static final String NODES_STORE = CLUSTER_RULE_ID + "-nodes-store";
    /** Component root → the component's bounded summary. */
    public static final String SUMMARIES_STORE = CLUSTER_RULE_ID + "-summaries-store";
    public static final String CLUSTER_EPISODES_STORE = CLUSTER_RULE_ID + "-episodes-store";
    public static final String HUB_EPISODES_STORE = HUB_RULE_ID + "-episodes-store";
    /** Attribute → its recent distinct users, one store per linker. */
    static final String INSTRUMENT_USERS_STORE = CLUSTER_RULE_ID + "-instrument-users-store";
    static final String IP_USERS_STORE = CLUSTER_RULE_ID + "-ip-users-store";
    static final String ATTRIBUTE_USERS_STORE = CLUSTER_RULE_ID + "-device-document-users-store";
    public static final String RISK_INPUT = "risk";
    public static final String LINK_INPUT = "link";
    public static final String HUB_INPUT = "hub";
    static final String ALERTS_SOURCE = "alerts";
    static final String LINKS_SOURCE = "links";
    static final String MEMBERS_SOURCE = "members";
    static final String HUB_SOURCE = "hub";
    /** Findings list all their contributing alerts or links, whatever {@code flagstream.alerts.max-evidence} says. */
    static final int MIN_FINDING_EVIDENCE = 500;
    private static final String CLUSTER_KEY = "clusters";

    private RiskTopology() {
    }

    /** True for the rule ids of the findings this topology emits (not detector alerts). */
    public static boolean isFinding(String ruleId) {
        return RISK_RULE_ID.equals(ruleId) || CLUSTER_RULE_ID.equals(ruleId) || HUB_RULE_ID.equals(ruleId);
    }

    /**
     * Adds the risk and cluster sub-topologies fed by the detectors' alert streams and returns the findings streams
     * (keyed by alert id) by rule id, kept apart, for the caller to write to the alerts topic: high-risk accounts,
     * linked-account clusters and hub attributes.
     */
    public static Map<String, KStream<String, FraudAlert>> build(DetectorInputs inputs, List<KStream<String, FraudAlert>> detectorAlerts,
                                                    RiskSettings risk, ClusterSettings clusters) {
        if (detectorAlerts.isEmpty()) {
            throw new IllegalArgumentException("risk findings need at least one enabled detector");
        }
        KStream<String, FraudAlert> all = detectorAlerts.get(0);
        for (int i = 1; i < detectorAlerts.size(); i++) {
            all = all.merge(detectorAlerts.get(i), Named.as(RISK_RULE_ID + "-merge-alerts-" + i));
        }
        InternalAvroSerde<RiskContribution> contributionSerde = new InternalAvroSerde<>(RiskContribution.class);
        InternalAvroSerde<ClusterInput> inputSerde = new InternalAvroSerde<>(ClusterInput.class);
        AlertSettings alertSettings = inputs.alertSettings();
        Clock clock = inputs.clock();

        Map<String, KStream<String, Object>> outputs = all
                .flatMap((id, alert) -> contributions(alert), Named.as(RISK_RULE_ID + "-alerts-to-accounts"))
                .repartition(Repartitioned.<String, RiskContribution>as(ALERTS_BY_ACCOUNT)
                        .withKeySerde(Serdes.String()).withValueSerde(contributionSerde))
                .process(ProcessorWithStores.of(() -> new AccountRiskProcessor(risk, clusters.linkIndicators(), alertSettings, clock),
                        inputs.stores().keyValueStore(PROFILES_STORE, new InternalAvroSerde<>(RiskProfile.class)),
                        inputs.stores().episodes(RISK_RULE_ID, inputs.serdes().episode())), Named.as(RISK_RULE_ID + "-score"))
                .split(Named.as(RISK_RULE_ID + "-outputs-"))
                .branch((k, v) -> v instanceof FraudAlert, Branched.as("findings"))
                .defaultBranch(Branched.as("scores"));
        KStream<String, FraudAlert> riskFindings = outputs.get(RISK_RULE_ID + "-outputs-findings")
                .mapValues(v -> (FraudAlert) v, Named.as(RISK_RULE_ID + "-findings"));
        KStream<String, ClusterInput> scores = outputs.get(RISK_RULE_ID + "-outputs-scores")
                .mapValues(v -> (ClusterInput) v, Named.as(RISK_RULE_ID + "-scores"));

        KStream<String, ClusterInput> instrumentLinks = inputs.instrumentActivity()
                .process(instrumentLinker(inputs.stores(), clusters),
                        Named.as(CLUSTER_RULE_ID + "-instrument-links"));
        KStream<String, ClusterInput> ipLinks = inputs.loginsByIp()
                .filter((ip, l) -> !clusters.ignoredIpTypes().contains(l.getIpType().name()) && l.getKind() != LoginKind.LOGIN_FAILURE,
                        Named.as(CLUSTER_RULE_ID + "-linking-logins"))
                .mapValues(l -> ObservedEvents.of(l, l.getIp()), Named.as(CLUSTER_RULE_ID + "-observe-ip-uses"))
                .process(linker(inputs.stores(), IP_USERS_STORE, key -> "ip", clusters.window(), clusters.maxAccountsPerIp()),
                        Named.as(CLUSTER_RULE_ID + "-ip-links"));
        KStream<String, ObservedEvent> devices = inputs.logins()
                .filter((account, l) -> l.getDeviceId() != null && !l.getDeviceId().isBlank() && l.getKind() != LoginKind.LOGIN_FAILURE,
                        Named.as(CLUSTER_RULE_ID + "-logins-with-device"))
                .map((account, l) -> KeyValue.pair("device:" + l.getDeviceId(), ObservedEvents.of(l, l.getDeviceId())),
                        Named.as(CLUSTER_RULE_ID + "-key-by-device"));
        KStream<String, ObservedEvent> documents = inputs.accountChanges()
                .filter((account, c) -> c.getDocumentFingerprint() != null && !c.getDocumentFingerprint().isBlank(),
                        Named.as(CLUSTER_RULE_ID + "-changes-with-document"))
                .map((account, c) -> KeyValue.pair("document:" + c.getDocumentFingerprint(),
                        ObservedEvents.of(c, c.getDocumentFingerprint())), Named.as(CLUSTER_RULE_ID + "-key-by-document"));
        KStream<String, ClusterInput> attributeLinks = devices.merge(documents, Named.as(CLUSTER_RULE_ID + "-devices-and-documents"))
                .repartition(Repartitioned.<String, ObservedEvent>as(ATTRIBUTES_BY_VALUE)
                        .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().observedEvent()))
                .process(linker(inputs.stores(), ATTRIBUTE_USERS_STORE, key -> key.startsWith("document:") ? "document" : "device",
                                clusters.window(), clusters.maxAccountsPerAttribute()),
                        Named.as(CLUSTER_RULE_ID + "-device-document-links"));

        // Each source reaches the cluster task through its own one-partition topic: merging them before the
        // repartition would fuse the by-instrument, by-IP and by-account sub-topologies into one.
        KStream<String, ClusterInput> clusterInputs = toClusterTask(instrumentLinks, "instruments", inputSerde)
                .merge(toClusterTask(ipLinks, "ips", inputSerde), Named.as(CLUSTER_RULE_ID + "-merge-ip-links"))
                .merge(toClusterTask(attributeLinks, "devices-documents", inputSerde),
                        Named.as(CLUSTER_RULE_ID + "-merge-device-document-links"))
                .merge(toClusterTask(scores, "risk-scores", inputSerde), Named.as(CLUSTER_RULE_ID + "-merge-risk-scores"));
        Map<String, KStream<String, FraudAlert>> clusterFindings = clusterInputs
                .process(clusterTask(inputs.stores(), inputs.serdes().episode(), clusters, risk, alertSettings, clock),
                        Named.as(CLUSTER_RULE_ID + "-detect"))
                .split(Named.as(CLUSTER_RULE_ID + "-findings-"))
                .branch((id, finding) -> HUB_RULE_ID.equals(finding.getRuleId()), Branched.as("hubs"))
                .defaultBranch(Branched.as("clusters"));
        // Returned apart, each to its own sink, for the same reason.
        Map<String, KStream<String, FraudAlert>> findings = new LinkedHashMap<>();
        findings.put(RISK_RULE_ID, riskFindings);
        findings.put(CLUSTER_RULE_ID, clusterFindings.get(CLUSTER_RULE_ID + "-findings-clusters"));
        findings.put(HUB_RULE_ID, clusterFindings.get(CLUSTER_RULE_ID + "-findings-hubs"));
        return findings;
    }

    /**
     * The cluster task's processor with its four stores, as the topology runs it. Public so that the cluster
     * benchmark can drive the task alone, with the production code and stores.
     */
    public static ProcessorWithStores<String, ClusterInput, String, FraudAlert> clusterTask(
            DetectorStores stores, Serde<Episode> episodeSerde, ClusterSettings clusters, RiskSettings risk,
            AlertSettings alertSettings, Clock clock) {
        return ProcessorWithStores.of(() -> new ClusterProcessor(clusters, risk, alertSettings, clock),
                stores.keyValueStore(NODES_STORE, new InternalAvroSerde<>(ClusterNode.class)),
                stores.keyValueStore(SUMMARIES_STORE, new InternalAvroSerde<>(ClusterSummary.class)),
                stores.episodes(CLUSTER_RULE_ID, episodeSerde),
                stores.episodes(HUB_RULE_ID, episodeSerde));
    }

    /**
     * The linker of instrument activity (keyed by instrument fingerprint) with its store, as the topology runs it.
     * Public so that the cluster benchmark can drive it alone.
     */
    public static ProcessorWithStores<String, ObservedEvent, String, ClusterInput> instrumentLinker(DetectorStores stores, ClusterSettings clusters) {
        return linker(stores, INSTRUMENT_USERS_STORE, key -> "instrument", clusters.window(), clusters.maxAccountsPerAttribute());
    }

    private static ProcessorWithStores<String, ObservedEvent, String, ClusterInput> linker(
            DetectorStores stores, String storeName, UnaryOperator<String> viaOfKey, Duration window, int maxAccounts) {
        return ProcessorWithStores.of(() -> new SharedAttributeLinker(viaOfKey, storeName, window.toMillis(), maxAccounts),
                stores.keyValueStore(storeName, new InternalAvroSerde<>(AttributeUsers.class)));
    }

    /** One source's cluster inputs, re-keyed to the single cluster key in its own one-partition topic. */
    private static KStream<String, ClusterInput> toClusterTask(KStream<String, ClusterInput> in, String source,
                                                               InternalAvroSerde<ClusterInput> serde) {
        return in.selectKey((k, v) -> CLUSTER_KEY, Named.as(CLUSTER_RULE_ID + "-" + source + "-key-single"))
                .repartition(Repartitioned.<String, ClusterInput>as(CLUSTER_INPUTS + "-" + source).withNumberOfPartitions(1)
                        .withKeySerde(Serdes.String()).withValueSerde(serde));
    }

    /** One contribution per account the alert names (its accounts, and its entity when that is an account). */
    static List<KeyValue<String, RiskContribution>> contributions(FraudAlert alert) {
        TreeSet<String> accounts = new TreeSet<>(alert.getAccounts());
        if ("account".equals(alert.getEntity().getType())) {
            accounts.add(alert.getEntity().getId());
        }
        List<KeyValue<String, RiskContribution>> out = new ArrayList<>();
        for (String account : accounts) {
            out.add(KeyValue.pair(account, new RiskContribution(account, alert.getAlertId(), alert.getRevision(),
                    alert.getRuleId(), alert.getIndicator(), alert.getEntity().getType(), alert.getEntity().getId(),
                    alert.getLastSeen().toEpochMilli())));
        }
        return out;
    }

    static AlertFactory findingFactory(AlertSettings alertSettings, Clock clock) {
        return new AlertFactory(Math.max(alertSettings.maxEvidence(), MIN_FINDING_EVIDENCE), clock);
    }

    static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** How long an idle component is kept, and how long a linked-accounts episode stays open. */
    static Duration clusterRetention(ClusterSettings clusters, RiskSettings risk) {
        return longest(clusters.window(), risk.retention());
    }
}
