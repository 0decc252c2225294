package io.flagstream.detect.sharedloginip;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Records keyed by IP address: logs each counted login, then counts distinct accounts around it. */
final class SharedLoginIpProcessor extends DetectorProcessor<ObservedEvent> {

    SharedLoginIpProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(SharedLoginIpDetector.ID, inputs, SharedLoginIpDetector.TIMELINE_STORE, deployedWindow);
    }

    private SharedLoginIpSettings config() {
        return rule(SharedLoginIpSettings.DECLARATION);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String ip = record.key();
        long t = record.timestamp();
        EventWindow.Selection best = addAndSelect(ip, record.value(), t, ObservedEvent::getAccountId);
        if (best.distinct() < config().minAccounts()) {
            return;
        }
        ObservedEvent login = record.value();
        emit(new AlertDraft(ruleId, Indicator.A2,
                "One IP address logging into several accounts",
                best.distinct() + " accounts logged in from IP " + ip + " (" + login.getFacts().getOrDefault("ipType", "UNKNOWN")
                        + ", " + login.getFacts().getOrDefault("ipCountry", "??") + ", " + login.getFacts().getOrDefault("asn", "no ASN")
                        + ") within " + Durations.format(settings().window()) + " (threshold " + config().minAccounts() + ").",
                severity(best.distinct(), config().minAccounts()),
                "ip", ip,
                best.events(),
                List.of(AlertDraft.threshold("distinct-accounts", config().minAccounts(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "min-accounts", String.valueOf(config().minAccounts()),
                        "ignored-ip-types", String.join(",", config().ignoredIpTypes())),
                best.start(), best.end()), t);
    }
}
