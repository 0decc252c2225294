package io.flagstream.detect.continuoussession;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Severity;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.SessionSpan;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records keyed by account: updates of sessions already at least W long. Turns each into a draft; the
 * episode store makes one alert of a whole session (updated when the session, and so its evidence, doubles).
 */
final class ContinuousSessionProcessor extends DetectorProcessor<SessionSpan> {
    private static final double HOUR_MS = Duration.ofHours(1).toMillis();

    ContinuousSessionProcessor(DetectorInputs inputs) {
        super(ContinuousSessionDetector.ID, inputs);
    }

    private DetectorsConfig.ContinuousSession config() {
        return rule(DetectorsConfig::continuousSession);
    }

    @Override
    protected void detect(Record<String, SessionSpan> record) {
        String account = record.key();
        SessionSpan span = record.value();
        long length = SessionSpans.lengthMs(span);
        emit(new AlertDraft(ruleId, Indicator.A3,
                "Account active without a break for a day or more",
                "Account " + account + " was active for " + String.format(Locale.ROOT, "%.1f h", length / HOUR_MS)
                        + " without a gap longer than " + Durations.format(config().maxGap()) + " (" + span.getEvents()
                        + " events, threshold " + Durations.format(settings().window()) + ").",
                length >= 2 * windowMs() ? Severity.HIGH : Severity.MEDIUM,
                "account", account,
                SessionSpans.evidence(span),
                List.of(AlertDraft.threshold("session-hours", windowMs() / HOUR_MS, length / HOUR_MS)),
                Map.of("window", Durations.format(settings().window()), "max-gap", Durations.format(config().maxGap()),
                        "grace", Durations.format(settings().grace()),
                        "sample-interval", Durations.format(Duration.ofMillis(ContinuousSessionDetector.sampleMs(config())))),
                span.getStart(), span.getEnd()), record.timestamp());
    }
}
