package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorCatalogue;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.DetectorStores;
import io.flagstream.detect.watchlistmatch.WatchListMatchDetector;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.live.LiveStateDeadLetters;
import io.flagstream.live.LiveTopology;
import io.flagstream.ocsf.OcsfFindings;
import io.flagstream.risk.RiskTopology;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.serde.RegistryOutageWait;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The composition root of the topology. Why it is shaped this way:
 * <ul>
 *   <li>Sources read raw bytes and decode in a named processor, so unreadable or invalid records go to the
 *       dead-letter topic with their reason instead of stopping the app.</li>
 *   <li>Decoded events carry their own event time as record time; every window downstream is event time.</li>
 *   <li>Each enabled detector adds its own sub-topology from the shared {@link DetectorInputs} (shared
 *       re-keys) and writes its deduplicated alerts to the alerts topic through its own named sink.</li>
 *   <li>Every processor, store and internal topic has an explicit name: they are the upgrade contract, and
 *       {@code ensure.explicit.internal.resource.naming} makes a missing one fail the build of the topology.</li>
 *   <li>Settings and the allow-list can change while it runs ({@link LiveTopology}): processors read them
 *       through {@link LiveSettings}, never from a copy taken when the topology was built.</li>
 * </ul>
 */
public final class FlagStreamTopology {
    private FlagStreamTopology() {
    }

    public static Topology build(FlagStreamConfig config, Topics topics, Clock clock, Properties streamsProperties) {
        return build(new LiveSettings(config, clock), topics, clock, streamsProperties,
                new DetectorStores(config.kafka().storeType()), 1);
    }

    /**
     * The topology, reading its settings and allow-list through {@code live} (changed at runtime by the live topics).
     *
     * @param stores          how its state stores are built: {@code new DetectorStores(storeType)} in production; the
     *                        replay (tools module) passes stores without changelogs, as its state is never restored
     * @param inputPartitions the input topics' partition count: how many upstream tasks feed each re-keyed
     *                        task, whose watermark waits until it has heard from all of them (detect's {@code WatermarkObserver})
     */
    public static Topology build(LiveSettings live, Topics topics, Clock clock, Properties streamsProperties,
                                 DetectorStores stores, int inputPartitions) {
        FlagStreamConfig config = live.deployed();
        RegistryOutageWait outageWait = RegistryOutageWait.from(config.schemaRegistry());
        // The builder must see the properties, or ensure.explicit.internal.resource.naming only logs a warning.
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        EventValidator validator = new EventValidator(config.input(), clock);
        KStream<String, Payout> payouts = decoded(builder, "payouts", topics.payouts(), topics.deadLetter(),
                validator::payout, Payout::getAccountId, p -> p.getTimestamp().toEpochMilli(), clock, outageWait);
        KStream<String, Login> logins = decoded(builder, "logins", topics.logins(), topics.deadLetter(),
                validator::login, Login::getAccountId, l -> l.getTimestamp().toEpochMilli(), clock, outageWait);
        KStream<String, AccountChange> changes = decoded(builder, "account-changes", topics.accountChanges(), topics.deadLetter(),
                validator::accountChange, AccountChange::getAccountId, c -> c.getTimestamp().toEpochMilli(), clock, outageWait);

        DetectorInputs inputs = new DetectorInputs(payouts, logins, changes, InternalSerdes.create(), live,
                config.profile(), stores, clock, inputPartitions);
        for (Detector detector : DetectorCatalogue.enabled(config)) {
            KStream<String, FraudAlert> alerts = detector.build(inputs);
            lateEventsToDeadLetters(detector.id(), alerts, topics.deadLetter());
            alerts.to(topics.alerts().name(), Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                    .withName(detector.id() + "-alerts-sink"));
            OcsfFindings.addTo(config, topics, detector.id(), alerts);
        }
        // Account risk and linked-account clusters (docs/design.md, "Risk and clusters") read the alerts topic
        // back instead of merging the detectors' streams: a merge would fuse every detector, whatever its key,
        // into one sub-topology. Their own findings on that topic are skipped.
        KStream<String, FraudAlert> detectorAlerts = builder
                .stream(topics.alerts().name(), Consumed.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                        .withName("alerts-source"))
                .filter((id, alert) -> alert != null && !RiskTopology.isFinding(alert.getRuleId()), Named.as("detector-alerts"));
        RiskTopology.build(inputs, List.of(detectorAlerts), config.risk(), config.clusters()).forEach((ruleId, findings) -> {
            findings.to(topics.alerts().name(), Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                    .withName(ruleId + "-alerts-sink"));
            OcsfFindings.addTo(config, topics, ruleId, findings);
        });
        // Added last, so the sub-topologies above keep their numbers (task ids, local state directories).
        LiveTopology.addTo(builder, topics, live, stores.keyValueStore(LiveTopology.OVERRIDES_STORE, Serdes.String()), clock,
                LiveStateDeadLetters.from(streamsProperties), config.detectors().common(WatchListMatchDetector.ID).enabled());
        return builder.build(streamsProperties);
    }

    /**
     * The child of a detector's processor that takes its late events to the dead-letter topic. The processor
     * forwards them to this node by name ({@link DetectorProcessor#lateEventsNode}); its alerts, forwarded to
     * every child, stop here.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void lateEventsToDeadLetters(String ruleId, KStream<String, FraudAlert> detected,
                                                Topic<String, DeadLetter> deadLetters) {
        ((KStream<String, Object>) (KStream) detected)
                .filter((key, value) -> value instanceof DeadLetter, Named.as(DetectorProcessor.lateEventsNode(ruleId)))
                .mapValues(value -> (DeadLetter) value, Named.as(ruleId + "-late-to-dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName(ruleId + "-late-events-sink"));
    }

    /** Source, decoder and dead-letter branch for one input topic; returns the good events. */
    private static <T> KStream<String, T> decoded(StreamsBuilder builder, String name, Topic<String, T> topic,
                                                  Topic<String, DeadLetter> deadLetters,
                                                  Function<T, List<String>> validator, Function<T, String> accountOf,
                                                  ToLongFunction<T> eventTimeOf, Clock clock,
                                                  RegistryOutageWait outageWait) {
        Map<String, KStream<String, Decoded<T>>> branches = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
                .processValues(() -> new InputDecoder<>(topic.valueSerde().deserializer(), validator, accountOf, eventTimeOf, clock,
                        outageWait),
                        Named.as(name + "-decode"))
                .split(Named.as(name + "-decoded-"))
                .branch((key, decoded) -> decoded.isOk(), Branched.as("ok"))
                .defaultBranch(Branched.as("dead-letter"));
        branches.get(name + "-decoded-dead-letter")
                .mapValues(Decoded::deadLetter, Named.as(name + "-to-dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName(name + "-dead-letter-sink"));
        return branches.get(name + "-decoded-ok").mapValues(Decoded::event, Named.as(name + "-events"));
    }
}
