package io.flagstream.detect.locationmismatch;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.LoginKind;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Duration;

/**
 * A11/A15, where the account says it is against where it acts: alert when, within the window W of account A
 * with declared country D (the profile's, as of each event),
 * {@code (|logins| >= minLogins and |logins from countries != D| > |logins|/2)
 * or (|payouts| >= minPayouts and |payouts to instruments in countries != D| > |payouts|/2)
 * or (a shipping-address change to a country != D, A15)}.
 * Logins from allow-listed IPs (a company's VPN egress) are not counted. A payout into an instrument the
 * account added at least {@code established-after} before counts in |payouts| but never against D: it is
 * where the account has long been paid (a payroll or escrow collection account abroad), not where it is.
 * Logins, payouts and shipping changes are all keyed by account, so they merge into one processor without
 * repartition; it keeps hourly counters per (account, check, country) and the first mismatching event of
 * each hour as a sample, never every event.
 */
public final class LocationMismatchDetector implements Detector {
    public static final String ID = "a11-location-mismatch";
    public static final String COUNTS_STORE = ID + "-hour-counts-store";
    public static final String SAMPLES_STORE = ID + "-samples-store";
    static final Duration BUCKET = Duration.ofHours(1);
    /** Facts added to each observed event. */
    static final String CHECK = "check";
    static final String DECLARED_COUNTRY = "declaredCountry";

    private final LocationMismatchSettings settings;

    public LocationMismatchDetector(LocationMismatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A11;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        Duration retention = settings.common().window().plus(settings.common().grace()).plus(BUCKET);
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new LocationMismatchProcessor(inputs),
                inputs.stores().lastSeen(COUNTS_STORE, retention),
                inputs.stores().eventLog(SAMPLES_STORE, retention, inputs.serdes().observedEvent()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));

        KStream<String, ObservedEvent> logins = inputs.loginContexts()
                .filter((account, ctx) -> ctx.getLogin().getKind() == LoginKind.LOGIN_SUCCESS
                        && ctx.getDeclaredCountry() != null && ctx.getLogin().getIpCountry() != null
                        && !inputs.allowList().ip(ctx.getLogin().getIp()), Named.as(ID + "-logins-with-countries"))
                .mapValues(ctx -> observed(ObservedEvents.of(ctx.getLogin(), ctx.getLogin().getIpCountry()),
                        CountryTally.Check.LOGINS, ctx.getDeclaredCountry()), Named.as(ID + "-observe-logins"));
        KStream<String, ObservedEvent> payouts = inputs.payoutContexts()
                .filter((account, ctx) -> ctx.getDeclaredCountry() != null && ctx.getPayout().getInstrument().getCountry() != null,
                        Named.as(ID + "-payouts-with-countries"))
                .mapValues(LocationMismatchDetector::observedPayout, Named.as(ID + "-observe-payouts"));
        KStream<String, ObservedEvent> shipping = inputs.accountChanges()
                .filter((account, c) -> c.getKind() == AccountChangeKind.SHIPPING_ADDRESS_CHANGED && c.getShippingCountry() != null,
                        Named.as(ID + "-shipping-changes"))
                .leftJoin(inputs.profiles(), LocationMismatchDetector::observedShipping,
                        Joined.<String, AccountChange, AccountProfile>as(ID + "-shipping-with-profile")
                                .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().accountChange())
                                .withOtherValueSerde(inputs.serdes().accountProfile()))
                .filter((account, e) -> e != null, Named.as(ID + "-shipping-with-declared-country"));

        return logins.merge(payouts, Named.as(ID + "-merge-payouts"))
                .merge(shipping, Named.as(ID + "-merge-shipping"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    static ObservedEvent observedPayout(PayoutContext ctx) {
        ObservedEvent e = ObservedEvents.withInstrumentAddedAt(
                ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getCountry()), ctx.getInstrumentAddedAt());
        return observed(e, CountryTally.Check.PAYOUTS, ctx.getDeclaredCountry());
    }

    /**
     * A shipping change against the declared country: the one the change itself carries, else the profile's
     * as of the change; null when neither is known.
     */
    static ObservedEvent observedShipping(AccountChange change, AccountProfile profile) {
        String declared = change.getDeclaredCountry() != null ? change.getDeclaredCountry()
                : profile == null ? null : profile.getDeclaredCountry();
        if (declared == null) {
            return null;
        }
        ObservedEvent e = ObservedEvents.of(change, change.getShippingCountry());
        e.getFacts().put("shippingCountry", change.getShippingCountry());
        return observed(e, CountryTally.Check.SHIPPING, declared);
    }

    private static ObservedEvent observed(ObservedEvent e, CountryTally.Check check, String declaredCountry) {
        e.getFacts().put(CHECK, check.counterPrefix);
        e.getFacts().put(DECLARED_COUNTRY, declaredCountry);
        e.getFacts().put("indicator", check.indicator);
        return e;
    }
}
