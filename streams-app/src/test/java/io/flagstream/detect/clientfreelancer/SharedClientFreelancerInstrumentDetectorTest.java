package io.flagstream.detect.clientfreelancer;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.flagstream.events.AccountRole.BOTH;
import static io.flagstream.events.AccountRole.CLIENT;
import static io.flagstream.events.AccountRole.FREELANCER;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class SharedClientFreelancerInstrumentDetectorTest {
    private static final String ID = SharedClientFreelancerInstrumentDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    /** Alerts are taken by rule: the other payout and account-change detectors see the same events. */
    private final AlertInbox inbox = fixture.inbox();

    private void accounts() {
        fixture.send(change("client-1").created(CLIENT, "US").at(T0.minus(ofDays(1))));
        fixture.send(change("dev-1").created(FREELANCER, "US").at(T0.minus(ofDays(1))));
        fixture.send(change("dev-2").created(FREELANCER, "US").at(T0.minus(ofDays(1))));
        fixture.send(change("both-1").created(BOTH, "US").at(T0.minus(ofDays(1))));
    }

    @Test
    void aClientCardThatAlsoReceivesAFreelancerPayoutRaisesOneAlert() {
        accounts();
        fixture.send(change("client-1").added("card-7").id("c1").at(T0));
        fixture.send(payout("dev-1").to("card-7").id("p1").at(T0.plus(ofDays(40))));

        inbox.expectAlert(ID).entity("instrument", "card-7").accounts("client-1", "dev-1").severity(Severity.MEDIUM).satisfies(a -> {
            assertThat(a.getIndicator()).isEqualTo("A5");
            assertThat(a.getEvidence()).extracting(e -> e.getEventId()).containsExactly("p1", "c1");
            assertThat(a.getEvidence().get(0).getFacts()).containsEntry("role", "FREELANCER").containsEntry("kind", "PAYOUT");
            assertThat(a.getEvidence().get(1).getFacts()).containsEntry("role", "CLIENT")
                    .containsEntry("kind", "PAYMENT_METHOD_ADDED");
            assertThat(a.getThresholds()).extracting(t -> t.getName() + "=" + t.getObserved())
                    .containsExactly("client-accounts=1.0", "freelancer-accounts=1.0", "distinct-accounts=2.0");
            assertThat(a.getParameters()).containsEntry("window", "90d");
        });
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anAccountOfRoleBothPairsWithAnotherAccountButNotWithItself() {
        accounts();
        fixture.send(change("both-1").added("card-7").at(T0));
        fixture.send(payout("both-1").to("card-7").at(T0.plus(ofHours(1))));
        inbox.expectNoMoreAlerts(ID);

        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofHours(2))));
        inbox.expectAlert(ID).accounts("both-1", "dev-1");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void freelancersSharingAnInstrumentWithoutAClientAreJustUnderTheRule() {
        accounts();
        fixture.send(change("dev-1").added("card-7").at(T0));
        fixture.send(payout("dev-2").to("card-7").at(T0.plus(ofHours(1))));
        // an account with no profile (role unknown) is not counted on either side
        fixture.send(payout("stranger").to("card-7").at(T0.plus(ofHours(2))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void linksFurtherApartThanTheWindowRaiseNothing() {
        accounts();
        fixture.send(change("client-1").added("card-7").at(T0));
        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofDays(91))));

        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void anOutOfOrderLinkWithinGraceIsCounted() {
        accounts();
        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofHours(20))));
        // 20 h behind the newest event: within the 1 d default grace
        fixture.send(change("client-1").added("card-7").at(T0));

        inbox.expectAlert(ID).accounts("client-1", "dev-1");
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void repeatedLinksRaiseNoSecondAlertAndANewAccountUpdatesTheSameAlert() {
        accounts();
        fixture.send(change("client-1").added("card-7").at(T0));
        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofHours(1))));
        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofHours(2))));
        fixture.send(payout("dev-1").to("card-7").at(T0.plus(ofHours(3))));
        fixture.send(payout("dev-2").to("card-7").at(T0.plus(ofHours(4))));

        FraudAlert opened = inbox.expectAlert(ID).revision(0).alert();
        inbox.expectAlert(ID).alertId(opened.getAlertId()).revision(1).accounts("client-1", "dev-1", "dev-2")
                .severity(Severity.HIGH);
        inbox.expectNoMoreAlerts(ID);
    }

    @Test
    void theWindowComesFromConfigurationAndTheDetectorCanBeSwitchedOff() {
        try (TopologyFixture shortWindow = TopologyFixture.create(Map.of(
                "flagstream.detector." + ID + ".window", "7d"));
             TopologyFixture off = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".enabled", "false"))) {
            for (TopologyFixture f : List.of(shortWindow, off)) {
                f.send(change("client-1").created(CLIENT, "US").at(T0.minus(ofDays(1))));
                f.send(change("dev-1").created(FREELANCER, "US").at(T0.minus(ofDays(1))));
                f.send(change("client-1").added("card-7").at(T0));
                f.send(payout("dev-1").to("card-7").at(T0.plus(ofDays(8))));
                f.inbox().expectNoMoreAlerts(ID);
            }
        }
    }
}
