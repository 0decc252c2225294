package io.flagstream.detect.clientfreelancer;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorSettings;
import io.flagstream.config.RuleSettings;

import java.time.Duration;

/** A5: one instrument linked to client and freelancer accounts within the window. */
public record ClientFreelancerSettings(DetectorSettings common) implements RuleSettings {
    public static final DetectorDeclaration<ClientFreelancerSettings> DECLARATION = DetectorDeclaration.windowedOnTimeline(
            SharedClientFreelancerInstrumentDetector.ID, Duration.ofDays(90), (common, v) -> new ClientFreelancerSettings(common));
}
