package io.flagstream.detect.offhours;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.events.AccountRole;
import io.flagstream.events.LoginKind;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static io.flagstream.detect.offhours.OffHoursDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

/** Declared time zone America/Bogota (UTC-5, no daylight saving): T0 is 04:00 local, T0 + 4h is 08:00. */
class OffHoursDetectorTest {
    private static final Instant NIGHT = T0;
    private static final Instant MORNING = T0.plus(ofHours(4));

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the whole production topology runs. */
    private final AlertInbox inbox = fixture.inbox();

    private void profile(String account, String timezone) {
        fixture.send(change(account).created(AccountRole.FREELANCER, "CO").timezone(timezone).at(T0.minus(ofDays(30))));
    }

    @Test
    void activityAlwaysAtNightInTheDeclaredZoneRaisesAnAlert() {
        profile("acct-1", "America/Bogota");
        for (int day = 0; day < 9; day++) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofDays(day))));
        }
        fixture.send(payout("acct-1").id("p-night").at(NIGHT.plus(ofDays(9))));

        inbox.expectAlert(ID).entity("acct-1").severity(Severity.HIGH).evidenceCount(10)
                .descriptionContains("10 of 10 active events (100%)", "08:00-20:00", "America/Bogota").satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A13");
            assertThat(a.getEvidence().get(0).getEventId()).isEqualTo("p-night");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("localTime", "Wed 2026-03-11 04:00")
                    .containsEntry("timezone", "America/Bogota").containsEntry("kind", "PAYOUT");
            assertThat(a.getThresholds()).extracting(t -> t.getName(), t -> t.getLimit(), t -> t.getObserved())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("active-events", 10.0, 10.0),
                            org.assertj.core.groups.Tuple.tuple("off-hours-share", 0.7, 1.0));
            assertThat(a.getParameters()).containsEntry("business-hours", "08:00-20:00").containsEntry("window", "14d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void seventyPercentOffHoursIsEnoughAndSixtyIsNot() {
        profile("acct-7", "America/Bogota");
        profile("acct-6", "America/Bogota");
        for (int day = 0; day < 10; day++) {
            fixture.send(login("acct-7").at((day < 7 ? NIGHT : MORNING).plus(ofDays(day))));
            fixture.send(login("acct-6").at((day < 6 ? NIGHT : MORNING).plus(ofDays(day))));
        }

        inbox.expectAlert(ID).entity("acct-7").severity(Severity.MEDIUM)
                .satisfies(a -> assertThat(a.getThresholds().get(1).getObserved()).isEqualTo(0.7));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void nineActiveEventsAreTooFewAndHeartbeatsAreNotActivity() {
        profile("acct-1", "America/Bogota");
        for (int i = 0; i < 9; i++) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofMinutes(10 * i))));
        }
        for (int i = 0; i < 5; i++) {
            fixture.send(login("acct-1").kind(LoginKind.HEARTBEAT).at(NIGHT.plus(ofMinutes(10 * i + 5))));
        }
        fixture.send(login("acct-1").kind(LoginKind.LOGIN_FAILURE).at(NIGHT.plus(ofMinutes(100))));

        inbox.expectNoMoreAlerts(ID);

        fixture.send(login("acct-1").kind(LoginKind.ACTIVITY).at(NIGHT.plus(ofMinutes(110))));

        inbox.expectAlert(ID).satisfies(a -> assertThat(a.getThresholds().get(0).getObserved()).isEqualTo(10.0));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anAccountWithoutADeclaredTimeZoneIsNotEvaluated() {
        fixture.send(change("acct-1").created(AccountRole.FREELANCER, "CO").at(T0.minus(ofDays(30))));
        profile("acct-2", "Not/AZone");
        for (int i = 0; i < 12; i++) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofMinutes(10 * i))));
            fixture.send(login("acct-2").at(NIGHT.plus(ofMinutes(10 * i))));
        }

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderEventsWithinGraceAreCounted() {
        profile("acct-1", "America/Bogota");
        for (int i = 9; i >= 0; i--) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofMinutes(10 * i))));
        }

        inbox.expectAlert(ID).satisfies(a -> {
            assertThat(a.getThresholds().get(0).getObserved()).isEqualTo(10.0);
            assertThat(a.getEvidenceCount()).as("samples kept per day").isEqualTo(OffHoursProcessor.SAMPLES_PER_DAY);
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void moreNightsUpdateTheSameAlertOnlyWhenTheSamplesDouble() {
        profile("acct-1", "America/Bogota");
        for (int i = 0; i < 12; i++) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofMinutes(10 * i))));
        }
        for (int i = 0; i < 8; i++) {
            fixture.send(login("acct-1").at(NIGHT.plus(ofDays(1)).plus(ofMinutes(10 * i))));
        }

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(5).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(10);
        inbox.expectNoMoreAlerts(ID);
    }
}
