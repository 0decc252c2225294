package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.config.ControlSettings;
import io.flagstream.serde.RegistryOutageWait;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.util.Map;

/**
 * Live configuration, allow-list and watch-list. Why it is shaped this way:
 * <ul>
 *   <li>Operators publish to three compacted topics: {@code config} (setting → value, plain strings),
 *       {@code allow-list} and {@code watch-list} (Avro entries). A regular sub-topology checks each change once, in one task per
 *       partition (the config topic has one partition: one judge with every accepted override in its store),
 *       so a refused change gives exactly one dead letter however many instances run. Only changes signed with
 *       the deployment's key are judged at all, and each leaves a line on the append-only audit topic.</li>
 *   <li>Accepted changes go to the compacted live-state topic, which every instance reads as a global store
 *       ({@link LiveStateUpdater}) into its {@link LiveSettings}: every instance sees every change, and a
 *       restart comes back with the accepted changes before any event is processed. Kafka refuses one topic
 *       as both a regular and a global source, hence the second topic.</li>
 * </ul>
 */
public final class LiveTopology {
    /** The config checker's store of accepted overrides (setting → value); the caller builds it, as every other store. */
    public static final String OVERRIDES_STORE = "config-overrides-store";
    /** The global store of the live-state topic. */
    public static final String LIVE_STATE_STORE = "live-state-store";

    private LiveTopology() {
    }

    /**
     * {@code watchListDetectorDeployed}: whether the watch-list detector runs, passed in because this package
     * cannot name a detector (the detectors depend on it).
     */
    public static void addTo(StreamsBuilder builder, Topics topics, LiveSettings live,
                             StoreBuilder<KeyValueStore<String, String>> overridesStore, Clock clock,
                             LiveStateDeadLetters unreadable, boolean watchListDetectorDeployed) {
        builder.addStateStore(overridesStore);
        ControlSettings control = live.deployed().control();
        ChangeSignature signature = control.liveChangesEnabled() ? new ChangeSignature(control.signingKey()) : null;
        String configTopic = topics.config().name();
        KStream<String, LiveChange> configChanges = builder
                .stream(configTopic, Consumed.with(Serdes.String(), Serdes.String()).withName("config-source"))
                .process(() -> new ConfigChangeValidator(live.deployed(), configTopic, signature, OVERRIDES_STORE, clock),
                        Named.as("config-validate"), OVERRIDES_STORE);
        toTopics(configChanges, "config", topics);

        RegistryOutageWait outageWait = RegistryOutageWait.from(live.deployed().schemaRegistry());
        String allowListTopic = topics.allowList().name();
        KStream<String, LiveChange> allowListChanges = builder
                .stream(allowListTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("allow-list-source"))
                .process(() -> new AllowListValidator(topics.allowList().valueSerde().deserializer(), allowListTopic, signature, live, clock,
                        outageWait), Named.as("allow-list-validate"));
        toTopics(allowListChanges, "allow-list", topics);

        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LIVE_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.liveState().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("live-state"),
                () -> new LiveStateUpdater(live, LIVE_STATE_STORE, unreadable, clock));

        // After the global store, so every sub-topology built before the watch-list keeps its number.
        String watchListTopic = topics.watchList().name();
        KStream<String, LiveChange> watchListChanges = builder
                .stream(watchListTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("watch-list-source"))
                .process(() -> new WatchListValidator(topics.watchList().valueSerde().deserializer(), watchListTopic, signature, live,
                        watchListDetectorDeployed, clock, outageWait), Named.as("watch-list-validate"));
        toTopics(watchListChanges, "watch-list", topics);
    }

    /** Every change to the audit topic; accepted changes to the live-state topic, refused ones to the dead-letter topic. */
    private static void toTopics(KStream<String, LiveChange> changes, String name, Topics topics) {
        Topic<String, String> audit = topics.audit();
        changes.mapValues(LiveChange::audit, Named.as(name + "-to-audit"))
                .to(audit.name(), Produced.with(audit.keySerde(), audit.valueSerde()).withName(name + "-audit-sink"));
        Map<String, KStream<String, LiveChange>> branches = changes
                .split(Named.as(name + "-checked-"))
                .branch((key, change) -> change.isAccepted(), Branched.as("accepted"))
                .defaultBranch(Branched.as("refused"));
        Topic<String, byte[]> liveState = topics.liveState();
        branches.get(name + "-checked-accepted")
                .mapValues(LiveChange::value, Named.as(name + "-to-live-state"))
                .to(liveState.name(), Produced.with(liveState.keySerde(), liveState.valueSerde()).withName(name + "-live-state-sink"));
        Topic<String, DeadLetter> deadLetters = topics.deadLetter();
        branches.get(name + "-checked-refused")
                .mapValues(change -> change.rejected(), Named.as(name + "-to-dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde()).withName(name + "-dead-letter-sink"));
    }
}
