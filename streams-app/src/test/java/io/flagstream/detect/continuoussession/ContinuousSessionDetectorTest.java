package io.flagstream.detect.continuoussession;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.LoginKind;
import io.flagstream.state.AccountSessions;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.flagstream.detect.continuoussession.ContinuousSessionDetector.ID;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

class ContinuousSessionDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other login and payout detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    /** Heartbeats of acct-1 every {@code every} from {@code from} to {@code to}, both included. */
    private void heartbeats(Instant from, Instant to, Duration every) {
        for (Instant t = from; !t.isAfter(to); t = t.plus(every)) {
            fixture.send(login("acct-1").kind(LoginKind.HEARTBEAT).at(t));
        }
    }

    @Test
    void activityWithoutABreakForADayRaisesOneAlert() {
        fixture.send(login("acct-1").id("first").at(T0));
        heartbeats(T0.plus(ofMinutes(20)), T0.plus(ofHours(24)).minus(ofMinutes(20)), ofMinutes(20));
        fixture.send(login("acct-1").kind(LoginKind.ACTIVITY).id("last").at(T0.plus(ofHours(24))));

        inbox.expectAlert(ID).entity("account", "acct-1").severity(Severity.MEDIUM).evidenceCount(25).satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("a3-continuous-session");
            assertThat(a.getIndicator()).isEqualTo("A3");
            assertThat(a.getFirstSeen()).isEqualTo(T0);
            assertThat(a.getLastSeen()).isEqualTo(T0.plus(ofHours(24)));
            assertThat(a.getWindowStart()).isEqualTo(T0);
            assertThat(a.getWindowEnd()).isEqualTo(T0.plus(ofHours(24)));
            // newest first: the last event leads, and the evidence holds one sample an hour (25 in all)
            assertThat(a.getEvidence().get(0).getEventId()).isEqualTo("last");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("kind", "ACTIVITY").containsEntry("ip", "198.51.100.1");
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("session-hours");
                assertThat(t.getLimit()).isEqualTo(24.0);
                assertThat(t.getObserved()).isEqualTo(24.0);
            });
            assertThat(a.getParameters()).containsEntry("max-gap", "30m").containsEntry("window", "1d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aSessionJustShorterThanADayRaisesNothing() {
        heartbeats(T0, T0.plus(ofHours(24)).minus(ofMinutes(1)), ofMinutes(1).multipliedBy(23));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aGapJustLongerThanTheMaximumBreaksTheSession() {
        heartbeats(T0, T0.plus(ofHours(12)), ofMinutes(20));
        // 31 minutes of silence
        heartbeats(T0.plus(ofHours(12)).plus(ofMinutes(31)), T0.plus(ofHours(30)), ofMinutes(20));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void payoutsCountAsActivity() {
        heartbeats(T0, T0.plus(ofHours(12)), ofMinutes(20));
        fixture.send(payout("acct-1").id("payout").at(T0.plus(ofHours(12)).plus(ofMinutes(25))));
        heartbeats(T0.plus(ofHours(12)).plus(ofMinutes(50)), T0.plus(ofHours(24)).plus(ofMinutes(10)), ofMinutes(20));

        // without the payout the 50-minute gap would split the day into two sessions
        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getFirstSeen()).isEqualTo(T0);
            assertThat(a.getLastSeen()).isEqualTo(T0.plus(ofHours(24)).plus(ofMinutes(10)));
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anOutOfOrderEventWithinGraceMergesTwoSessions() {
        heartbeats(T0, T0.plus(ofHours(12)), ofMinutes(20));
        heartbeats(T0.plus(ofHours(12)).plus(ofMinutes(40)), T0.plus(ofHours(25)), ofMinutes(20));
        inbox.expectNoMoreAlerts(ID);

        // arrives late (13 h behind the stream, within the 1 d grace) and bridges the 40-minute gap
        fixture.send(login("acct-1").kind(LoginKind.HEARTBEAT).id("bridge").at(T0.plus(ofHours(12)).plus(ofMinutes(20))));

        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getFirstSeen()).isEqualTo(T0);
            assertThat(a.getLastSeen()).isEqualTo(T0.plus(ofHours(25)));
            assertThat(a.getThresholds().get(0).getObserved()).isEqualTo(25.0);
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void aContinuingSessionRaisesOneAlertUpdatedOnlyWhenItsEvidenceDoubles() {
        heartbeats(T0, T0.plus(ofHours(48)), ofMinutes(20));
        FraudAlert opened = inbox.expectAlert(ID).alert();
        inbox.expectNoMoreAlerts(ID);

        heartbeats(T0.plus(ofHours(48)).plus(ofMinutes(20)), T0.plus(ofHours(50)), ofMinutes(20));
        // 25 hourly samples at 24 h, 50 at 49 h: one update with the same alert id
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(50).severity(Severity.HIGH);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theWindowAndGapComeFromConfiguration() {
        try (TopologyFixture f = TopologyFixture.create(Map.of(
                "flagstream.detector.a3-continuous-session.window", "12h",
                "flagstream.detector.a3-continuous-session.max-gap", "45m"))) {
            for (Instant t = T0; !t.isAfter(T0.plus(ofHours(12))); t = t.plus(ofMinutes(40))) {
                f.send(login("acct-1").kind(LoginKind.HEARTBEAT).at(t));
            }
            f.send(login("acct-1").kind(LoginKind.HEARTBEAT).at(T0.plus(ofHours(12)).plus(ofMinutes(20))));

            f.inbox().expectAlert(ID)
                    .satisfies(a -> assertThat(a.getParameters()).containsEntry("max-gap", "45m").containsEntry("window", "12h"));
            f.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void anAccountKeepsOnlyTheSessionsAnOnTimeEventCanStillJoin() {
        KeyValueStore<String, AccountSessions> sessions = fixture.driver.getKeyValueStore(ContinuousSessionDetector.SESSIONS_STORE);
        fixture.send(login("acct-1").at(T0));
        fixture.send(login("acct-1").at(T0.plus(ofHours(2))));
        assertThat(sessions.get("acct-1").getSessions()).hasSize(2);

        // two days on, both sessions ended more than grace (1 d) + max gap (30 m) ago: the next event drops them
        fixture.send(login("acct-2").at(T0.plus(ofDays(2))));
        fixture.send(login("acct-1").at(T0.plus(ofDays(2))));
        assertThat(sessions.get("acct-1").getSessions()).singleElement()
                .satisfies(s -> assertThat(s.getStart()).isEqualTo(T0.plus(ofDays(2)).toEpochMilli()));

        // an account that stays quiet is purged by the wall-clock punctuator once its sessions are out of reach
        fixture.send(login("acct-2").at(T0.plus(ofDays(4))));
        fixture.advanceWallClock(ofMinutes(11));
        assertThat(sessions.get("acct-1")).isNull();
        assertThat(sessions.get("acct-2")).isNotNull();
    }
}
