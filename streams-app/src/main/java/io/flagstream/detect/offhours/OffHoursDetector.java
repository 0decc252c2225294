package io.flagstream.detect.offhours;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.LoginKind;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Duration;

/**
 * A13, working the wrong hours: alert when, over the window W (whole UTC days) of account A,
 * {@code |active events| >= minEvents  and  |active events outside [businessStartHour, businessEndHour) in A's
 * declared time zone| / |active events| >= minOffHoursShare}, where active events are successful logins,
 * ACTIVITY events and payouts (not heartbeats), and the time zone is the profile's as of each event. Reads
 * the shared profile joins (keyed by account, no repartition); keeps per-(account, day) counters and a few
 * off-hours samples per day, never every event.
 */
public final class OffHoursDetector implements Detector {
    public static final String ID = "a13-off-hours";
    public static final String COUNTS_STORE = ID + "-day-counts-store";
    public static final String SAMPLES_STORE = ID + "-samples-store";
    static final Duration BUCKET = Duration.ofDays(1);
    /** Facts added to each observed event. */
    static final String TIMEZONE = "timezone";
    static final String LOCAL_TIME = "localTime";

    private final OffHoursSettings settings;

    public OffHoursDetector(OffHoursSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A13;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        Duration retention = settings.common().window().plus(settings.common().grace()).plus(BUCKET);
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new OffHoursProcessor(inputs),
                inputs.stores().lastSeen(COUNTS_STORE, retention),
                inputs.stores().eventLog(SAMPLES_STORE, retention, inputs.serdes().observedEvent()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        KStream<String, ObservedEvent> logins = inputs.loginContexts()
                .filter((account, ctx) -> ctx.getTimezone() != null
                        && (ctx.getLogin().getKind() == LoginKind.LOGIN_SUCCESS || ctx.getLogin().getKind() == LoginKind.ACTIVITY),
                        Named.as(ID + "-active-logins"))
                .mapValues(ctx -> withTimezone(ObservedEvents.of(ctx.getLogin(), ctx.getLogin().getKind().name()), ctx.getTimezone()),
                        Named.as(ID + "-observe-logins"));
        KStream<String, ObservedEvent> payouts = inputs.payoutContexts()
                .filter((account, ctx) -> ctx.getTimezone() != null, Named.as(ID + "-payouts-with-timezone"))
                .mapValues(ctx -> withTimezone(ObservedEvents.of(ctx.getPayout(), "PAYOUT"), ctx.getTimezone()),
                        Named.as(ID + "-observe-payouts"));
        return logins.merge(payouts, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    private static ObservedEvent withTimezone(ObservedEvent e, String timezone) {
        e.getFacts().put(TIMEZONE, timezone);
        return e;
    }
}
