package io.flagstream.detect.clientfreelancer;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Severity;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records keyed by instrument fingerprint: keeps each linking event in the instrument's timeline, then looks for a client/freelancer pair around it. */
final class SharedClientFreelancerInstrumentProcessor extends DetectorProcessor<ObservedEvent> {
    /** From this many linked accounts on an instrument, the alert is HIGH: more than one operator pair. */
    static final int HIGH_ACCOUNTS = 3;

    SharedClientFreelancerInstrumentProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(SharedClientFreelancerInstrumentDetector.ID, inputs, SharedClientFreelancerInstrumentDetector.TIMELINE_STORE, deployedWindow);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String instrument = record.key();
        long t = record.timestamp();
        // One timeline item per account and role: a role change between two links is kept as such.
        List<ObservedEvent> around = addAndRead(instrument, record.value(), t,
                e -> e.getAccountId() + "|" + e.getFacts().get(ClientFreelancerWindow.ROLE));
        Optional<ClientFreelancerWindow.Selection> found = ClientFreelancerWindow.find(around, t, windowMs());
        if (found.isEmpty()) {
            return;
        }
        ClientFreelancerWindow.Selection best = found.get();
        String description = "Payment instrument " + instrument + " is linked to client account(s) " + best.clients()
                + " and freelancer account(s) " + best.freelancers() + " within " + Durations.format(settings().window())
                + ": the same payer on both sides of the platform (A5).";
        emit(new AlertDraft(ruleId, Indicator.A5,
                "One payment instrument used by client and freelancer accounts",
                description,
                best.accounts() >= HIGH_ACCOUNTS ? Severity.HIGH : Severity.MEDIUM,
                "instrument", instrument,
                ClientFreelancerWindow.linkingEvents(best),
                List.of(AlertDraft.threshold("client-accounts", 1, best.clients().size()),
                        AlertDraft.threshold("freelancer-accounts", 1, best.freelancers().size()),
                        AlertDraft.threshold("distinct-accounts", 2, best.accounts())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace())),
                best.start(), best.end()), t);
    }
}
