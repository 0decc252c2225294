package io.flagstream.detect.sharedinstrument;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.Durations;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.EventWindow;
import io.flagstream.detect.Indicator;
import io.flagstream.state.ObservedEvent;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.util.List;
import java.util.Map;

/** Records keyed by instrument fingerprint: logs each payout, then counts distinct payers around it. */
final class SharedPayoutInstrumentProcessor extends DetectorProcessor<ObservedEvent> {
    private WindowStore<String, ObservedEvent> payouts;

    SharedPayoutInstrumentProcessor(DetectorInputs inputs) {
        super(SharedPayoutInstrumentDetector.ID, inputs);
    }

    private int minAccounts() {
        return rule(DetectorsConfig::sharedInstrument).minAccounts();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        payouts = context.getStateStore(SharedPayoutInstrumentDetector.PAYOUTS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String instrument = record.key();
        long t = record.timestamp();
        EventWindow.Selection best = logAndSelect(payouts, instrument, record.value(), t, ObservedEvent::getAccountId);
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
