package io.flagstream.detect.sharedloginip;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A2, one IP address logging into several accounts: alert when
 * {@code |distinct accounts new to IP X with a successful login from X within any window W| >= minAccounts},
 * not counting logins whose IP type is in {@code ignoredIpTypes} (carrier CGNAT) nor allow-listed IPs. An
 * account is new to X unless it logged in from X at least {@code establishedAfter} before: a household's or
 * an office's accounts share their IP week after week, a team's accounts come to its server together.
 * Reads the shared logins-by-IP re-key; each IP keeps its counted logins for W + grace, and every
 * (IP, account)'s logins (one marker a day) for {@code ipMemory}.
 */
public final class SharedLoginIpDetector implements Detector {
    public static final String ID = "a2-shared-login-ip";
    public static final String TIMELINE_STORE = ID + "-timeline-store";
    public static final String SIGHTINGS_STORE = ID + "-sightings-store";

    private final SharedLoginIpSettings settings;

    public SharedLoginIpDetector(SharedLoginIpSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A2;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new SharedLoginIpProcessor(inputs, settings.common().window()),
                inputs.stores().timeline(TIMELINE_STORE),
                inputs.stores().lastSeen(SIGHTINGS_STORE, settings.ipMemory().plus(settings.common().grace())),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return inputs.loginsByIp()
                .filter((ip, login) -> counted(login), Named.as(ID + "-counted-logins"))
                .mapValues(login -> ObservedEvents.of(login, login.getAccountId()), Named.as(ID + "-observe-logins"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    boolean counted(Login login) {
        return login.getKind() == LoginKind.LOGIN_SUCCESS && !settings.ignoredIpTypes().contains(login.getIpType().name());
    }
}
