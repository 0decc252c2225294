package io.flagstream.detect.accountmanyips;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;


/**
 * A1, one account logging in from many places: alert when, for account A within any window W,
 * {@code |distinct IPs| >= minIps and |distinct IP countries| >= minCountries}, or within any long window
 * {@code |distinct IPs| >= longMinIps and |distinct IP countries| >= longMinCountries}, counting the login
 * kinds in {@code loginKinds} and never an allow-listed IP. Logins are keyed by account already (no
 * repartition); each account keeps its counted logins for max(W, long window) + grace.
 */
public final class AccountManyIpsDetector implements Detector {
    public static final String ID = "a1-account-many-ips";
    public static final String SHORT_TIMELINE_STORE = ID + "-timeline-store";
    public static final String LONG_TIMELINE_STORE = ID + "-long-timeline-store";

    private final AccountManyIpsSettings settings;

    public AccountManyIpsDetector(AccountManyIpsSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A1;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new AccountManyIpsProcessor(inputs, settings),
                inputs.stores().timeline(SHORT_TIMELINE_STORE),
                inputs.stores().timeline(LONG_TIMELINE_STORE),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.logins()
                .filter((account, login) -> settings.loginKinds().contains(login.getKind().name())
                        && !inputs.allowList().ip(login.getIp()), Named.as(ID + "-counted-logins"))
                .mapValues(login -> ObservedEvents.of(login, login.getIp()), Named.as(ID + "-observe-logins"))
                .process(supplier, Named.as(ID + "-detect"));
    }
}
