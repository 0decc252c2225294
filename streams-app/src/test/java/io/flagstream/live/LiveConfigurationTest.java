package io.flagstream.live;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

/** Settings changed on the config topic while events flow: the next evaluation uses them, a bad one is refused. */
class LiveConfigurationTest {
    private static final String A16 = SharedPayoutInstrumentDetector.ID;
    private static final String MIN_ACCOUNTS = "flagstream.detector.a16-shared-payout-instrument.min-accounts";

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void aThresholdLoweredMidStreamAppliesToTheNextEvaluation() {
        fixture.send(payout("acct-1").to("wallet-9").at(T0), payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(A16);

        fixture.setConfig(MIN_ACCOUNTS, "2");
        fixture.send(payout("acct-2").to("wallet-9").at(T0.plus(ofHours(2))));

        inbox.expectAlert(A16).accounts("acct-1", "acct-2")
                .satisfies(a -> assertThat(a.getThresholds().get(0).getLimit()).isEqualTo(2.0));
        inbox.expectNoMoreAlerts(A16);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anInvalidChangeIsDeadLetteredWithItsReasonAndTheOldValueStays() {
        fixture.setConfig(MIN_ACCOUNTS, "1");

        DeadLetter refused = fixture.deadLetters.readValue();
        assertThat(refused.getSourceTopic()).isEqualTo("flagstream-config");
        assertThat(refused.getErrorType()).isEqualTo("VALIDATION");
        assertThat(refused.getReason()).contains(MIN_ACCOUNTS).contains("must be at least 2 but is 1");
        assertThat(fixture.deadLetters.isEmpty()).isTrue();

        fixture.send(payout("acct-1").to("wallet-9").at(T0), payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(A16);
        fixture.send(payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2))));
        inbox.expectAlert(A16).satisfies(a -> assertThat(a.getThresholds().get(0).getLimit()).isEqualTo(3.0));
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void aWindowLongerThanTheDeployedOneIsRefusedBecauseTheStoresKeepLess() {
        fixture.setConfig("flagstream.detector.a16-shared-payout-instrument.window", "30d");

        assertThat(fixture.deadLetters.readValue().getReason())
                .contains("a16-shared-payout-instrument.window would be 30d, above its deployed 7d");
    }

    /** Even where flagstream.live.max-factor allows more: the timeline's buckets are half the deployed window. */
    @Test
    void aCountedWindowMayBeHalvedLiveButNotNarrowedFurtherBecauseItsTimelineBucketsAreHalfTheDeployedWindow() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.live.max-factor", "10"))) {
            f.setConfig("flagstream.detector.a16-shared-payout-instrument.window", "84h");
            assertThat(f.deadLetters.isEmpty()).isTrue();

            f.setConfig("flagstream.detector.a16-shared-payout-instrument.window", "83h");
            assertThat(f.deadLetters.readValue().getReason())
                    .contains("a16-shared-payout-instrument.window would be 83h, below half its deployed 7d");
        }
    }

    /** Whoever can publish a change cannot cut a grace to nothing: durations stop at deployed ÷ max-factor (2). */
    @Test
    void aGraceMayBeLoweredLiveOnlyDownToItsDeployedValueDividedByTheMaxFactor() {
        fixture.setConfig("flagstream.detectors.grace", "12h");
        assertThat(fixture.deadLetters.isEmpty()).isTrue();

        fixture.setConfig("flagstream.detectors.grace", "0ms");
        assertThat(fixture.deadLetters.readValue().getReason())
                .contains("flagstream.detectors.grace would be 0ms, below its deployed 1d ÷ flagstream.live.max-factor 2.0 = 12h");
    }

    @Test
    void settingsThatShapeTheTopologyOrDoNotExistAreRefused() {
        fixture.setConfig("flagstream.topics.alerts", "other-alerts");
        fixture.setConfig("flagstream.detector.a2-shared-login-ip.ignored-ip-types", "MOBILE,VPN");
        fixture.setConfig("flagstream.detector.a16-shared-payout-instrument.min-acounts", "2");

        assertThat(fixture.deadLetters.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("flagstream.topics.alerts cannot be changed while the app runs"),
                r -> assertThat(r).contains("ignored-ip-types cannot be changed while the app runs"),
                r -> assertThat(r).contains("min-acounts is not a known setting"));
    }

    @Test
    void aTombstoneRestoresTheDeployedValue() {
        fixture.setConfig(MIN_ACCOUNTS, "2");
        fixture.unsetConfig(MIN_ACCOUNTS);

        fixture.send(payout("acct-1").to("wallet-9").at(T0), payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(A16);
        fixture.send(payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2))));
        inbox.expectAlert(A16);
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void aDetectorSwitchedOffAtRuntimeRaisesNoAlertsUntilSwitchedOnAgain() {
        // Switching off live is refused unless the deployment allows it (ControlTopicSecurityTest).
        try (TopologyFixture disablable = TopologyFixture.create(Map.of("flagstream.live.allow-disable", "true"))) {
            disablable.setConfig("flagstream.detector.a16-shared-payout-instrument.enabled", "false");
            disablable.send(payout("acct-1").to("wallet-9").at(T0), payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))),
                    payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2))));
            disablable.inbox().expectNoMoreAlerts(A16);

            disablable.setConfig("flagstream.detector.a16-shared-payout-instrument.enabled", "true");
            disablable.send(payout("acct-4").to("wallet-7").at(T0.plus(ofHours(3))), payout("acct-5").to("wallet-7").at(T0.plus(ofHours(4))),
                    payout("acct-6").to("wallet-7").at(T0.plus(ofHours(5))));
            disablable.inbox().expectAlert(A16).entity("wallet-7");
            disablable.inbox().expectNoMoreAlerts(A16);
        }
    }

    @Test
    void aDetectorDeployedOffCannotBeSwitchedOnLive() {
        try (TopologyFixture off = TopologyFixture.create(Map.of("flagstream.detector.a16-shared-payout-instrument.enabled", "false"))) {
            off.setConfig("flagstream.detector.a16-shared-payout-instrument.enabled", "true");

            assertThat(off.deadLetters.readValue().getReason()).contains("cannot switch on a detector deployed switched off");
        }
    }
}
