package io.flagstream.detect.contactchurn;

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

/** Records keyed by account: email and phone changes. Logs each, then counts the changes around it. */
final class ContactChurnProcessor extends DetectorProcessor<ObservedEvent> {

    ContactChurnProcessor(DetectorInputs inputs, Duration deployedWindow) {
        super(ContactChurnDetector.ID, inputs, ContactChurnDetector.TIMELINE_STORE, deployedWindow);
    }

    private int minChanges() {
        return rule(ContactChurnSettings.DECLARATION).minChanges();
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        long t = record.timestamp();
        EventWindow.Selection best = addAndSelect(account, record.value(), t, ObservedEvent::getEventId);
        if (best.distinct() < minChanges()) {
            return;
        }
        long emails = best.events().stream().filter(e -> "EMAIL_CHANGED".equals(e.getSubject())).count();
        long phones = best.distinct() - emails;
        emit(new AlertDraft(ruleId, Indicator.A14,
                "Contact details keep changing",
                "Account " + account + " changed its contact details " + best.distinct() + " times within "
                        + Durations.format(settings().window()) + " (" + emails + " email, " + phones + " phone; threshold "
                        + minChanges() + ").",
                severity(best.distinct(), minChanges()),
                "account", account,
                best.events(),
                List.of(AlertDraft.threshold("contact-changes", minChanges(), best.distinct())),
                Map.of("window", Durations.format(settings().window()), "grace", Durations.format(settings().grace()),
                        "min-changes", Integer.toString(minChanges())),
                best.start(), best.end()), t);
    }
}
