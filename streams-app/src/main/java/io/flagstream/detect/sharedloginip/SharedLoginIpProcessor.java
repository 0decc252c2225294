package io.flagstream.detect.sharedloginip;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.FirstSightings;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Records keyed by IP address: remembers when each account logged in from the IP (key {@code ip|account}, one
 * marker a day), logs the logins of accounts new to the IP, then counts the distinct ones around each login.
 */
final class SharedLoginIpProcessor extends DetectorProcessor<ObservedEvent> {
    private FirstSightings sightings;

    SharedLoginIpProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(SharedLoginIpDetector.ID, inputs, SharedLoginIpDetector.TIMELINE_STORE, deployedWindow);
    }

    private SharedLoginIpSettings config() {
        return rule(SharedLoginIpSettings.DECLARATION);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        sightings = new FirstSightings(context.getStateStore(SharedLoginIpDetector.SIGHTINGS_STORE));
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String ip = record.key();
        long t = record.timestamp();
        ObservedEvent login = record.value();
        SharedLoginIpSettings rule = config();
        long first = sightings.firstBefore(ip + "|" + login.getAccountId(), t, rule.ipMemory(), settings().grace());
        if (first != Long.MAX_VALUE && t - first >= rule.establishedAfter().toMillis()) {
            // A regular of the IP (a household member, a colleague behind the office's address): not counted.
            return;
        }
        EventWindow.Selection best = addAndSelect(ip, login, t, ObservedEvent::getAccountId);
        if (best.distinct() < rule.minAccounts()) {
            return;
        }
        String established = Durations.format(rule.establishedAfter());
        emit(new AlertDraft(ruleId, Indicator.A2,
                "One IP address logging into several accounts",
                best.distinct() + " accounts new to IP " + ip + " (" + login.getFacts().getOrDefault("ipType", "UNKNOWN")
                        + ", " + login.getFacts().getOrDefault("ipCountry", "??") + ", " + login.getFacts().getOrDefault("asn", "no ASN")
                        + ") logged in from it within " + Durations.format(settings().window()) + " (threshold " + rule.minAccounts()
                        + "); none of them had logged in from it " + established + " or more before (its regulars are not counted).",
                severity(best.distinct(), rule.minAccounts()),
                "ip", ip,
                best.events(),
                List.of(AlertDraft.threshold("distinct-accounts", rule.minAccounts(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "min-accounts", String.valueOf(rule.minAccounts()),
                        "ignored-ip-types", String.join(",", rule.ignoredIpTypes()), "established-after", established),
                best.start(), best.end()), t);
    }
}
