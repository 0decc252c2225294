package io.flagstream.topics;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.TopicNames;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.serde.AvroWireSerde;
import io.flagstream.serde.SchemaRegistryClient;
import io.flagstream.serde.SchemaWriting;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The public topics, built once from configuration and one registry client (never static, so each test
 * has its own registry). Input and output values use the Confluent wire format; keys are plain strings
 * (account id on input, alert id on output); dead letters keep the failed record's key. OCSF findings are
 * UTF-8 JSON documents keyed by finding uid (= alert id), for a compacted topic. Live configuration changes
 * are plain UTF-8 strings (key = setting, value = its new value) so an operator can publish one with any
 * Kafka tool; allow-list and watch-list entries are Avro; the live state the app writes back is its own internal encoding
 * ({@code io.flagstream.live.LiveState}).
 */
public record Topics(
        Topic<String, Payout> payouts,
        Topic<String, Login> logins,
        Topic<String, AccountChange> accountChanges,
        Topic<String, FraudAlert> alerts,
        Topic<String, DeadLetter> deadLetter,
        Topic<String, String> findings,
        Topic<String, String> config,
        Topic<String, AllowListEntry> allowList,
        Topic<String, WatchListItem> watchList,
        Topic<String, byte[]> liveState,
        Topic<String, String> audit) {

    public static Topics create(TopicNames names, SchemaRegistryClient registry) {
        return create(names, registry, SchemaWriting.DEFAULT);
    }

    /** The topics, whose Avro serializers name subjects and find ids as {@code writing} says. */
    public static Topics create(TopicNames names, SchemaRegistryClient registry, SchemaWriting writing) {
        return new Topics(
                new Topic<>(names.payouts(), Serdes.String(), new AvroWireSerde<>(Payout.class, registry, false, writing)),
                new Topic<>(names.logins(), Serdes.String(), new AvroWireSerde<>(Login.class, registry, false, writing)),
                new Topic<>(names.accountChanges(), Serdes.String(), new AvroWireSerde<>(AccountChange.class, registry, false, writing)),
                new Topic<>(names.alerts(), Serdes.String(), new AvroWireSerde<>(FraudAlert.class, registry, false, writing)),
                new Topic<>(names.deadLetter(), Serdes.String(), new AvroWireSerde<>(DeadLetter.class, registry, false, writing)),
                new Topic<>(names.findings(), Serdes.String(), Serdes.String()),
                new Topic<>(names.config(), Serdes.String(), Serdes.String()),
                new Topic<>(names.allowList(), Serdes.String(), new AvroWireSerde<>(AllowListEntry.class, registry, false, writing)),
                new Topic<>(names.watchList(), Serdes.String(), new AvroWireSerde<>(WatchListItem.class, registry, false, writing)),
                new Topic<>(names.liveState(), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(names.audit(), Serdes.String(), Serdes.String()));
    }
}
