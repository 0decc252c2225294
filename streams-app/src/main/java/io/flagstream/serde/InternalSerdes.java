package io.flagstream.serde;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.AccountSessions;
import io.flagstream.state.Episode;
import io.flagstream.state.TimelineBucket;
import io.flagstream.state.LoginContext;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import org.apache.avro.Schema;

import java.util.List;

/**
 * Serdes for repartition topics, stores and the live-state topic: Avro single-object encoding without the
 * registry, because only this application reads them and a registry round trip per internal subject would buy
 * nothing. When a schema used here changes (public event schemas included), its previous version goes in as an
 * earlier writer, so bytes already in stores and topics stay readable.
 */
public record InternalSerdes(InternalAvroSerde<Payout> payout,
                             InternalAvroSerde<Login> login,
                             InternalAvroSerde<AccountChange> accountChange,
                             InternalAvroSerde<AccountProfile> accountProfile,
                             InternalAvroSerde<PayoutContext> payoutContext,
                             InternalAvroSerde<LoginContext> loginContext,
                             InternalAvroSerde<ObservedEvent> observedEvent,
                             InternalAvroSerde<Episode> episode) {
    public static InternalSerdes create() {
        return new InternalSerdes(
                new InternalAvroSerde<>(Payout.class),
                new InternalAvroSerde<>(Login.class),
                new InternalAvroSerde<>(AccountChange.class),
                new InternalAvroSerde<>(AccountProfile.class),
                new InternalAvroSerde<>(PayoutContext.class),
                new InternalAvroSerde<>(LoginContext.class),
                new InternalAvroSerde<>(ObservedEvent.class),
                new InternalAvroSerde<>(Episode.class, EPISODE_BEFORE_ALERT_SOURCE, EPISODE_BEFORE_LAST_ALERT));
    }

    /** The live-state topic's watch-list entries (read back by every instance). */
    public static InternalAvroSerde<WatchListItem> watchListItem() {
        return new InternalAvroSerde<>(WatchListItem.class);
    }

    /** The live-state topic's allow-list entries (read back by every instance). */
    public static InternalAvroSerde<AllowListEntry> allowListEntry() {
        return new InternalAvroSerde<>(AllowListEntry.class);
    }

    /** A3's session bounds per account; values of the release that kept the samples inside still load. */
    public static InternalAvroSerde<AccountSessions> accountSessions() {
        return new InternalAvroSerde<>(AccountSessions.class, ACCOUNT_SESSIONS_WITH_SAMPLES);
    }

    /**
     * AccountSessions as first written, each session with its sample events inside: such values load with their
     * bounds and no sample times (the sample events of sessions open at the upgrade are not carried over, so an
     * alert on such a session shows the events from the upgrade on).
     */
    static final Schema ACCOUNT_SESSIONS_WITH_SAMPLES = new Schema.Parser().parse("""
            {"type": "record", "name": "AccountSessions", "namespace": "io.flagstream.state", "fields": [
              {"name": "sessions", "type": {"type": "array", "items": {
                "type": "record", "name": "SessionSpan", "fields": [
                  {"name": "accountId", "type": "string"},
                  {"name": "start", "type": "long"},
                  {"name": "end", "type": "long"},
                  {"name": "events", "type": "long"},
                  {"name": "samples", "type": {"type": "array", "items": {
                    "type": "record", "name": "SessionSample", "fields": [
                      {"name": "eventId", "type": "string"},
                      {"name": "source", "type": "string"},
                      {"name": "timestamp", "type": "long"},
                      {"name": "facts", "type": {"type": "map", "values": "string"}, "default": {}}
                    ]}}, "default": []},
                  {"name": "last", "type": "SessionSample"}
                ]}}, "default": []}
            ]}""");

    /** A timeline's buckets; values written while buckets counted occurrences and overflow still load. */
    public static InternalAvroSerde<TimelineBucket> timelineBucket() {
        return new InternalAvroSerde<>(TimelineBucket.class, TIMELINE_BUCKET_WITH_COUNTS);
    }

    /**
     * TimelineBucket as written until 2026-12-06, with an occurrence count per item and an overflow count per
     * bucket, which no rule read: a full bucket was rewritten for every further item only to count it.
     */
    static final Schema TIMELINE_BUCKET_WITH_COUNTS = withCounts(TimelineBucket.getClassSchema());

    private static Schema withCounts(Schema bucket) {
        Schema item = bucket.getField("items").schema().getElementType();
        List<Schema.Field> itemFields = new java.util.ArrayList<>(copies(item.getFields()));
        itemFields.add(new Schema.Field("occurrences", Schema.create(Schema.Type.LONG), null, 1L));
        Schema countedItem = Schema.createRecord(item.getName(), item.getDoc(), item.getNamespace(), false, itemFields);
        List<Schema.Field> bucketFields = new java.util.ArrayList<>();
        bucketFields.add(new Schema.Field("items", Schema.createArray(countedItem), null, (Object) null));
        bucketFields.add(new Schema.Field("overflow", Schema.create(Schema.Type.LONG), null, 0L));
        return Schema.createRecord(bucket.getName(), bucket.getDoc(), bucket.getNamespace(), false, bucketFields);
    }

    private static List<Schema.Field> copies(List<Schema.Field> fields) {
        return fields.stream().map(f -> new Schema.Field(f, f.schema())).toList();
    }

    /**
     * Episode as written before it kept where its last alert came from, whose last alert had no priority yet (the
     * format of the previous release): such episodes still load, source unknown, priority 0 and no reasons.
     */
    static final Schema EPISODE_BEFORE_ALERT_SOURCE = withLastAlert(
            without(Episode.getClassSchema(), "lastAlertSource", "lastAlertOffset"),
            without(FraudAlert.getClassSchema(), "priority", "priorityReasons"));

    /** Episode as written before it kept its last alert: such episodes still load (lastAlert null). */
    static final Schema EPISODE_BEFORE_LAST_ALERT = new Schema.Parser().parse("""
            {"type": "record", "name": "Episode", "namespace": "io.flagstream.state", "fields": [
              {"name": "alertId", "type": "string"},
              {"name": "revision", "type": "int"},
              {"name": "episodeStart", "type": "long"},
              {"name": "lastFired", "type": "long"},
              {"name": "accounts", "type": {"type": "array", "items": "string"}},
              {"name": "evidenceCount", "type": "int"}
            ]}""");

    private static Schema withLastAlert(Schema episode, Schema alert) {
        List<Schema.Field> fields = episode.getFields().stream()
                .map(f -> f.name().equals("lastAlert")
                        ? new Schema.Field(f, Schema.createUnion(Schema.create(Schema.Type.NULL), alert))
                        : new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(episode.getName(), episode.getDoc(), episode.getNamespace(), false, fields);
    }

    private static Schema without(Schema record, String... dropped) {
        List<String> drop = List.of(dropped);
        List<Schema.Field> fields = record.getFields().stream()
                .filter(f -> !drop.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
