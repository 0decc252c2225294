package io.flagstream.detect.sharedinstrument;

import io.flagstream.alert.AlertDraft;
import io.flagstream.config.Durations;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.Indicator;
import io.flagstream.state.ObservedEvent;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Records keyed by instrument fingerprint: logs each payout, then counts distinct payers around it. */
final class SharedPayoutInstrumentProcessor extends DetectorProcessor<ObservedEvent> {

    SharedPayoutInstrumentProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(SharedPayoutInstrumentDetector.ID, inputs, SharedPayoutInstrumentDetector.TIMELINE_STORE, deployedWindow);
    }

    private int minAccounts() {
        return rule(DetectorsConfig::sharedInstrument).minAccounts();
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String instrument = record.key();
        long t = record.timestamp();
        EventWindow.Selection best = addAndSelect(instrument, record.value(), t, ObservedEvent::getAccountId);
        if (best.distinct() < minAccounts()) {
            return;
        }
        String description = best.distinct() + " accounts paid out to the same " + record.value().getFacts().get("instrumentType")
                + " instrument " + instrument + " within " + Durations.format(settings().window())
                + " (threshold " + minAccounts() + ").";
        emit(new AlertDraft(ruleId, Indicator.A16,
                "Many accounts paying out to one instrument",
                description,
                severity(best.distinct(), minAccounts()),
                "instrument", instrument,
                best.events(),
                List.of(AlertDraft.threshold("distinct-accounts", minAccounts(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace())),
                best.start(), best.end()), t);
    }
}
