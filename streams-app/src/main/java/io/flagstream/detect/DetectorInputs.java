package io.flagstream.detect;

import io.flagstream.config.AlertSettings;
import io.flagstream.config.AllowList;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.ProfileSettings;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.profile.AccountProfiles;
import io.flagstream.profile.ProfileJoins;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.LoginContext;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Clock;

/**
 * The decoded input streams (keyed by account id, on event time, allow-listed accounts and payouts into
 * allow-listed instruments removed; the allow-list is the live one, so an entity allow-listed at runtime is
 * no longer counted from the next event on) and what
 * detectors share: the account-profile table, payouts and logins joined with it as of their event time,
 * and the re-keys. Each is built the first time a detector asks for it and reused after, so the topology
 * has one repartition topic per key and one profile join per input, however many detectors use them.
 */
public final class DetectorInputs {
    public static final String PROFILE_STORE = "account-profile-store";
    public static final String PROFILE_VERSIONS_STORE = "account-profile-versions-store";
    /** Repartition topic of instrument activity (payouts and payment-method changes) keyed by fingerprint. */
    public static final String INSTRUMENT_ACTIVITY = "instrument-activity-by-instrument";
    /** Repartition topic of logins keyed by IP address. */
    public static final String LOGINS_BY_IP = "logins-by-ip";

    private final KStream<String, Payout> payouts;
    private final KStream<String, Login> logins;
    private final KStream<String, AccountChange> accountChanges;
    private final InternalSerdes serdes;
    private final LiveSettings live;
    private final ProfileSettings profileSettings;
    private final AllowList allowList;
    private final Clock clock;
    private final DetectorStores stores;
    private final int inputPartitions;
    private KTable<String, AccountProfile> profiles;
    private KStream<String, PayoutContext> payoutContexts;
    private KStream<String, LoginContext> loginContexts;
    private KStream<String, ObservedEvent> instrumentActivity;
    private KStream<String, Login> loginsByIp;

    public DetectorInputs(KStream<String, Payout> payouts, KStream<String, Login> logins,
                   KStream<String, AccountChange> accountChanges, InternalSerdes serdes,
                   LiveSettings live, ProfileSettings profileSettings, DetectorStores stores, Clock clock, int inputPartitions) {
        AllowList allowList = live.allowList();
        // Payouts into an allow-listed instrument (escrow, payroll, a known agency) are not counted by any detector.
        this.payouts = payouts.filterNot((account, p) -> allowList.account(account) || allowList.instrument(p.getInstrument().getFingerprint()),
                Named.as("payouts-not-allow-listed"));
        this.logins = logins.filterNot((account, l) -> allowList.account(account), Named.as("logins-not-allow-listed"));
        this.accountChanges = accountChanges.filterNot((account, c) -> allowList.account(account)
                        || c.getInstrument() != null && allowList.instrument(c.getInstrument().getFingerprint()),
                Named.as("account-changes-not-allow-listed"));
        this.serdes = serdes;
        this.live = live;
        this.profileSettings = profileSettings;
        this.allowList = allowList;
        this.clock = clock;
        this.stores = stores;
        this.inputPartitions = inputPartitions;
    }

    /** Store builders of the configured store type. */
    public DetectorStores stores() {
        return stores;
    }

    /**
     * The usual detector event log: {@link ObservedEvent}s under {@code name}, kept for the detector's window
     * plus its grace (plus the watermark's allowance, see {@link DetectorStores#eventLog}), so an on-time event
     * always finds everything its window can hold.
     */
    public StoreBuilder<WindowStore<String, ObservedEvent>> windowLog(String name, DetectorSettings settings) {
        return stores.eventLog(name, settings.window().plus(settings.grace()), serdes.observedEvent());
    }

    public KStream<String, Payout> payouts() {
        return payouts;
    }

    public KStream<String, Login> logins() {
        return logins;
    }

    public KStream<String, AccountChange> accountChanges() {
        return accountChanges;
    }

    /**
     * Account profiles folded from account changes, materialized twice: the latest profile (the aggregate)
     * and a versioned copy that joins look up "as of" an event's time, so an out-of-order payout meets the
     * profile it was made under, not whatever changed since.
     */
    public KTable<String, AccountProfile> profiles() {
        if (profiles == null) {
            profiles = accountChanges
                    .groupByKey(Grouped.<String, AccountChange>as("account-profile").withKeySerde(Serdes.String()))
                    .aggregate(() -> null,
                            (account, change, profile) -> AccountProfiles.apply(account, change,
                                    profile == null ? AccountProfiles.empty(account) : profile),
                            Named.as("account-profile-aggregate"),
                            // No record cache: a cached profile change would reach the versioned table only at
                            // the next flush, and a payout processed in between would join the old profile.
                            stores.logged(Materialized.<String, AccountProfile>as(stores.keyValue(PROFILE_STORE))
                                    .withKeySerde(Serdes.String()).withValueSerde(serdes.accountProfile())
                                    .withCachingDisabled()))
                    .toStream(Named.as("account-profile-updates"))
                    .toTable(Named.as("account-profile-versioned"),
                            stores.logged(Materialized.<String, AccountProfile>as(
                                            Stores.persistentVersionedKeyValueStore(PROFILE_VERSIONS_STORE, profileSettings.history()))
                                    .withKeySerde(Serdes.String()).withValueSerde(serdes.accountProfile())));
        }
        return profiles;
    }

    /** Payouts joined with the profile as of the payout's time (left join: unknown accounts pass). */
    public KStream<String, PayoutContext> payoutContexts() {
        if (payoutContexts == null) {
            payoutContexts = payouts.leftJoin(profiles(), ProfileJoins::payout,
                    withGrace(Joined.<String, Payout, AccountProfile>as("payouts-with-profile")
                            .withKeySerde(Serdes.String()).withValueSerde(serdes.payout()).withOtherValueSerde(serdes.accountProfile())));
        }
        return payoutContexts;
    }

    /** Logins joined with the profile as of the login's time (left join). */
    public KStream<String, LoginContext> loginContexts() {
        if (loginContexts == null) {
            loginContexts = logins.leftJoin(profiles(), ProfileJoins::login,
                    withGrace(Joined.<String, Login, AccountProfile>as("logins-with-profile")
                            .withKeySerde(Serdes.String()).withValueSerde(serdes.login()).withOtherValueSerde(serdes.accountProfile())));
        }
        return loginContexts;
    }

    /**
     * Everything that links an account to a payment instrument, keyed by instrument fingerprint: payouts
     * (source {@value ObservedEvents#PAYOUTS}) and payment methods added or updated
     * ({@value ObservedEvents#ACCOUNT_CHANGES}), each with the account's role in the facts. Allow-listed
     * instruments (escrow, payroll) are left out.
     */
    public KStream<String, ObservedEvent> instrumentActivity() {
        if (instrumentActivity == null) {
            KStream<String, ObservedEvent> fromPayouts = payoutContexts()
                    .mapValues(ctx -> withRole(ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getFingerprint()),
                            ctx.getRole()), Named.as("instrument-activity-from-payouts"));
            KStream<String, ObservedEvent> fromChanges = accountChanges
                    .filter((account, c) -> c.getKind() == AccountChangeKind.PAYMENT_METHOD_ADDED
                            || c.getKind() == AccountChangeKind.PAYMENT_METHOD_UPDATED, Named.as("instrument-activity-payment-methods"))
                    .leftJoin(profiles(), (c, profile) -> withRole(ObservedEvents.of(c, c.getInstrument().getFingerprint()),
                                    profile == null ? (c.getRole() == null ? null : c.getRole().name()) : profile.getRole()),
                            Joined.<String, AccountChange, AccountProfile>as("payment-methods-with-profile")
                                    .withKeySerde(Serdes.String()).withValueSerde(serdes.accountChange())
                                    .withOtherValueSerde(serdes.accountProfile()));
            instrumentActivity = fromPayouts.merge(fromChanges, Named.as("instrument-activity"))
                    .filterNot((account, e) -> allowList.instrument(e.getSubject()), Named.as("instrument-activity-not-allow-listed"))
                    .processValues(WatermarkStamp::new, Named.as("instrument-activity-watermark"))
                    .selectKey((account, e) -> e.getSubject(), Named.as("instrument-activity-key-by-instrument"))
                    .repartition(Repartitioned.<String, ObservedEvent>as(INSTRUMENT_ACTIVITY)
                            .withKeySerde(Serdes.String()).withValueSerde(serdes.observedEvent()))
                    .processValues(() -> new WatermarkObserver<>(inputPartitions), Named.as(INSTRUMENT_ACTIVITY + "-watermark-observed"));
        }
        return instrumentActivity;
    }

    /**
     * Logins keyed by IP address, allow-listed IPs (e.g. a company's VPN egress) left out. Like
     * {@link #instrumentActivity()}, each record carries its upstream task's progress ({@link io.flagstream.detect.Watermark}).
     */
    public KStream<String, Login> loginsByIp() {
        if (loginsByIp == null) {
            loginsByIp = logins
                    .filterNot((account, l) -> allowList.ip(l.getIp()), Named.as("logins-by-ip-not-allow-listed"))
                    .processValues(WatermarkStamp::new, Named.as("logins-by-ip-watermark"))
                    .selectKey((account, l) -> l.getIp(), Named.as("logins-key-by-ip"))
                    .repartition(Repartitioned.<String, Login>as(LOGINS_BY_IP)
                            .withKeySerde(Serdes.String()).withValueSerde(serdes.login()))
                    .processValues(() -> new WatermarkObserver<>(inputPartitions), Named.as(LOGINS_BY_IP + "-watermark-observed"));
        }
        return loginsByIp;
    }

    public InternalSerdes serdes() {
        return serdes;
    }

    /** The alert settings deployed; processors read the ones in force through {@link #live()}. */
    public AlertSettings alertSettings() {
        return live.deployed().alerts();
    }

    /** Settings and allow-list in force, changed at runtime by the live topics. */
    public LiveSettings live() {
        return live;
    }

    /** The configured allow-list merged with the live one. */
    public AllowList allowList() {
        return allowList;
    }

    public Clock clock() {
        return clock;
    }

    /** A join grace buffers every event (store "{@code <join>-Buffer}"); without one the join is immediate. */
    private <V> Joined<String, V, AccountProfile> withGrace(Joined<String, V, AccountProfile> joined) {
        return profileSettings.joinGrace().isZero() ? joined : joined.withGracePeriod(profileSettings.joinGrace());
    }

    private static ObservedEvent withRole(ObservedEvent e, String role) {
        if (role != null) {
            e.getFacts().put("role", role);
        }
        return e;
    }
}
