package io.flagstream.detect.sharedinstrument;

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
 * Records keyed by instrument fingerprint: payouts and payment-method additions. Remembers when each account
 * first linked or paid the instrument (key {@code instrument|account}); logs the payouts of accounts new to it
 * and counts the distinct ones around each payout.
 */
final class SharedPayoutInstrumentProcessor extends DetectorProcessor<ObservedEvent> {
    private FirstSightings links;

    SharedPayoutInstrumentProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(SharedPayoutInstrumentDetector.ID, inputs, SharedPayoutInstrumentDetector.TIMELINE_STORE, deployedWindow);
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        links = new FirstSightings(context.getStateStore(SharedPayoutInstrumentDetector.LINKS_STORE));
    }

    private SharedInstrumentSettings settingsOfRule() {
        return rule(SharedInstrumentSettings.DECLARATION);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String instrument = record.key();
        ObservedEvent event = record.value();
        long t = record.timestamp();
        SharedInstrumentSettings rule = settingsOfRule();
        long establishedAfter = rule.establishedAfter().toMillis();
        long first = links.firstBefore(instrument + "|" + event.getAccountId(), t, rule.linkMemory(), settings().grace());
        if (SharedPayoutInstrumentDetector.isLink(event)) {
            return;
        }
        if (first != Long.MAX_VALUE && t - first >= establishedAfter) {
            // An established payer (linked or paying for a while): what a payroll hub's members look like.
            return;
        }
        EventWindow.Selection best = addAndSelect(instrument, event, t, ObservedEvent::getAccountId);
        if (best.distinct() < rule.minAccounts()) {
            return;
        }
        String description = best.distinct() + " accounts new to the same " + event.getFacts().get("instrumentType")
                + " instrument " + instrument + " paid out to it within " + Durations.format(settings().window())
                + " (threshold " + rule.minAccounts() + "); none of them had linked it or paid into it "
                + Durations.format(rule.establishedAfter()) + " or more before (established payers are not counted).";
        emit(new AlertDraft(ruleId, Indicator.A16,
                "Many accounts paying out to one instrument",
                description,
                severity(best.distinct(), rule.minAccounts()),
                "instrument", instrument,
                best.events(),
                List.of(AlertDraft.threshold("distinct-accounts", rule.minAccounts(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "established-after", Durations.format(rule.establishedAfter())),
                best.start(), best.end()), t);
    }
}
