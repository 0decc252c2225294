package io.flagstream.detect.contactchurn;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.detect.contactchurn.ContactChurnDetector.ID;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class ContactChurnDetectorTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the whole production topology runs. */
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void threeContactChangesWithinAMonthRaiseAnAlert() {
        fixture.send(change("acct-1").emailChanged("email-a").id("c1").at(T0));
        fixture.send(change("acct-1").phoneChanged("phone-a").id("c2").at(T0.plus(ofDays(12))));
        fixture.send(change("acct-1").emailChanged("email-b").id("c3").at(T0.plus(ofDays(29))));

        inbox.expectAlert(ID).entity("account", "acct-1").descriptionContains("2 email, 1 phone").satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A14");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("c3", "c2", "c1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("kind", "EMAIL_CHANGED")
                    .containsEntry("contactFingerprint", "email-b");
            assertThat(a.getThresholds()).singleElement().satisfies(t -> {
                assertThat(t.getLimit()).isEqualTo(3.0);
                assertThat(t.getObserved()).isEqualTo(3.0);
            });
            assertThat(a.getParameters()).containsEntry("window", "30d").containsEntry("min-changes", "3");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void twoChangesOrOtherKindsOfChangeRaiseNothing() {
        fixture.send(change("acct-1").emailChanged("email-a").at(T0));
        fixture.send(change("acct-1").phoneChanged("phone-a").at(T0.plus(ofDays(1))));
        fixture.send(change("acct-1").kind(AccountChangeKind.NAME_CHANGED).at(T0.plus(ofDays(2))));
        fixture.send(change("acct-1").kind(AccountChangeKind.ADDRESS_CHANGED).at(T0.plus(ofDays(3))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void changesSpreadOverMoreThanTheWindowRaiseNothing() {
        fixture.send(change("acct-1").emailChanged("email-a").at(T0));
        fixture.send(change("acct-1").emailChanged("email-b").at(T0.plus(ofDays(20))));
        fixture.send(change("acct-1").emailChanged("email-c").at(T0.plus(ofDays(40))));
        fixture.send(change("acct-2").emailChanged("email-d").at(T0.plus(ofDays(40))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void outOfOrderChangesWithinGraceAreCounted() {
        fixture.send(change("acct-1").emailChanged("email-a").at(T0.plus(ofHours(5))));
        fixture.send(change("acct-1").phoneChanged("phone-a").at(T0.plus(ofHours(1))));
        fixture.send(change("acct-1").emailChanged("email-b").at(T0.plus(ofHours(3))));

        inbox.expectAlert(ID).evidenceCount(3).satisfies(a -> assertThat(a.getFirstSeen()).isEqualTo(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void changesLaterThanTheGraceAreDropped() {
        fixture.send(change("acct-1").emailChanged("email-a").at(T0.plus(ofDays(3))));
        fixture.send(change("acct-1").emailChanged("email-b").at(T0.plus(ofDays(3)).plusSeconds(60)));
        fixture.send(change("acct-1").emailChanged("email-c").at(T0));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void furtherChangesUpdateTheAlertOnlyWhenTheEvidenceDoubles() {
        for (int i = 1; i <= 7; i++) {
            fixture.send(change("acct-1").emailChanged("email-" + i).at(T0.plus(ofHours(i))));
        }

        FraudAlert opened = inbox.expectAlert(ID).revision(0).evidenceCount(3).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).evidenceCount(6);
        inbox.expectNoMoreAlerts(ID);
    }
}
