package io.flagstream.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.control.AllowListEntry;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.testing.Events.allowListed;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Events.snoozed;
import static io.flagstream.testing.Times.NOW;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** Entities allow-listed or snoozed on the allow-list topic while events flow. */
class LiveAllowListTest {
    private static final String A16 = SharedPayoutInstrumentDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    private final AlertInbox inbox = fixture.inbox();

    private void threePayersInto(String wallet, int firstAccount, java.time.Instant at) {
        for (int i = 0; i < 3; i++) {
            fixture.send(payout("acct-" + (firstAccount + i)).to(wallet).at(at.plus(ofHours(i))));
        }
    }

    @Test
    void allowListingAnEntityClosesItsOpenAlertAndRaisesNoNewOnes() throws Exception {
        threePayersInto("wallet-9", 1, T0);
        FraudAlert open = inbox.expectAlert(A16).status("OPEN").alert();
        fixture.findings.readValuesToList();

        fixture.allowList(allowListed("instrument", "wallet-9"));
        fixture.advanceWallClock(ofSeconds(10));

        inbox.expectAlert(A16).alertId(open.getAlertId()).revision(1).status("CLOSED");
        inbox.expectNoMoreAlerts(A16);
        JsonNode finding = new ObjectMapper().readTree(fixture.findings.readValuesToList().stream()
                .filter(f -> f.contains(open.getAlertId())).reduce((a, b) -> b).orElseThrow());
        assertThat(finding.path("activity_id").asInt()).isEqualTo(3);

        threePayersInto("wallet-9", 10, T0.plus(ofDays(1)));
        inbox.expectNoMoreAlerts(A16);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSnoozeEndsOnTimeByTheWallClockAndAlertsResume() {
        fixture.allowList(snoozed("instrument", "wallet-9", NOW.plus(ofHours(1))));
        threePayersInto("wallet-9", 1, T0);
        inbox.expectNoMoreAlerts(A16);

        fixture.advanceWallClock(ofHours(1));
        threePayersInto("wallet-9", 10, T0.plus(ofDays(1)));

        inbox.expectAlert(A16).accounts("acct-10", "acct-11", "acct-12");
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void removingAnEntryLetsTheEntityAlertAgain() {
        fixture.allowList(allowListed("instrument", "wallet-9"));
        fixture.allowList("instrument:wallet-9", null);
        threePayersInto("wallet-9", 1, T0);

        inbox.expectAlert(A16);
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void aLiveAllowListedAccountIsNotCounted() {
        fixture.allowList(allowListed("account", "acct-2"));
        threePayersInto("wallet-9", 1, T0);

        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void badEntriesAreDeadLetteredWithTheirReasonAndChangeNothing() {
        AllowListEntry expired = snoozed("instrument", "wallet-9", NOW.minus(ofHours(1)));
        fixture.allowList(expired);
        fixture.allowList("instrument:wallet-1", allowListed("instrument", "wallet-9"));
        fixture.allowList("planet:mars", allowListed("instrument", "wallet-9"));

        assertThat(fixture.deadLetters.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("has already passed"),
                r -> assertThat(r).contains("differs from entityType:entityId 'instrument:wallet-9'"),
                r -> assertThat(r).contains("is not '<entityType>:<entityId>'"));
        threePayersInto("wallet-9", 1, T0);
        inbox.expectAlert(A16);
        inbox.expectNoMoreAlerts(A16);
    }
}
