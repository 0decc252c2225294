package io.flagstream.testing;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox's expectations pass on the alerts they name, and fail, saying what did arrive, on any other. */
class AlertInboxTest {
    private static final String A1 = "a1-account-many-ips";
    private static final String A2 = "a2-shared-login-ip";

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();

    /** What the "topic" holds until the inbox next reads it. */
    private final List<FraudAlert> topic = new ArrayList<>();
    private final AlertInbox inbox = new AlertInbox(() -> {
        List<FraudAlert> read = List.copyOf(topic);
        topic.clear();
        return read;
    });

    /** An alert of {@code rule} about account {@code account}: revision 0, OPEN, MEDIUM, three events. */
    private static FraudAlert.Builder alert(String rule, String account) {
        return FraudAlert.newBuilder().setAlertId(rule + ":" + account + ":1").setRuleId(rule).setIndicator("A0")
                .setTitle("title").setDescription("Account " + account + " logged in from 3 IPs in 2 countries within 1h.")
                .setSeverity(Severity.MEDIUM).setEntity(new AlertEntity("account", account)).setAccounts(List.of(account))
                .setWindowStart(T0).setWindowEnd(T0).setFirstSeen(T0).setLastSeen(T0).setEvidence(List.of())
                .setEvidenceCount(3).setThresholds(List.of()).setDetectedAt(Times.NOW);
    }

    private void arrive(FraudAlert.Builder... alerts) {
        for (FraudAlert.Builder a : alerts) {
            topic.add(a.build());
        }
    }

    @Test
    void expectAlertTakesTheNextAlertOfItsRuleInArrivalOrderAndLeavesTheOthers() {
        arrive(alert(A1, "acct-1"), alert(A2, "acct-2"), alert(A1, "acct-1").setRevision(1));

        inbox.expectAlert(A1).revision(0);
        inbox.expectAlert(A1).revision(1);
        inbox.expectNoMoreAlerts(A1);
        inbox.expectAlert(A2).entity("acct-2");
        inbox.expectNoMoreAlerts();
    }

    @Test
    void alertsThatArriveLaterAreReadAtTheNextExpectation() {
        inbox.expectNoMoreAlerts();
        arrive(alert(A1, "acct-1"));

        inbox.expectAlert(A1).entity("acct-1");
    }

    @Test
    void expectAlertFailsWhenNoAlertOfItsRuleIsLeftAndListsTheAlertsThatAre() {
        arrive(alert(A1, "acct-1"), alert(A2, "acct-2"));
        inbox.expectAlert(A1);

        assertThatThrownBy(() -> inbox.expectAlert(A1)).isInstanceOf(AssertionError.class)
                .hasMessage("expected another alert of rule a1-account-many-ips, but there is none (1 of that rule taken before)"
                        + "; alerts not taken yet:\n"
                        + "  a2-shared-login-ip r0 OPEN MEDIUM account:acct-2 accounts=[acct-2] evidence=3 id=a2-shared-login-ip:acct-2:1");
    }

    @Test
    void expectAlertOnAnEmptyInboxSaysSo() {
        assertThatThrownBy(() -> inbox.expectAlert(A1))
                .hasMessage("expected another alert of rule a1-account-many-ips, but there is none (0 of that rule taken before)"
                        + "; alerts not taken yet: none");
    }

    @Test
    void expectNoMoreAlertsFailsOnAnyAlertLeftAndListsThem() {
        arrive(alert(A1, "acct-1"), alert(A2, "acct-2"));
        inbox.expectAlert(A1);

        assertThatThrownBy(inbox::expectNoMoreAlerts).isInstanceOf(AssertionError.class)
                .hasMessage("expected no more alerts, but 1 arrived:\n"
                        + "  a2-shared-login-ip r0 OPEN MEDIUM account:acct-2 accounts=[acct-2] evidence=3 id=a2-shared-login-ip:acct-2:1");
    }

    @Test
    void expectNoMoreAlertsOfARuleIgnoresOtherRulesAndFailsOnItsOwn() {
        arrive(alert(A2, "acct-2"), alert(A1, "acct-1"), alert(A1, "acct-3"));

        inbox.expectNoMoreAlerts("a16-shared-payout-instrument");
        assertThatThrownBy(() -> inbox.expectNoMoreAlerts(A1))
                .hasMessageStartingWith("expected no more alerts of rule a1-account-many-ips, but 2 arrived:\n")
                .hasMessageContaining("account:acct-1").hasMessageContaining("account:acct-3")
                .hasMessageNotContaining("acct-2");
        assertThatThrownBy(() -> inbox.expectNoMoreAlerts(A2)).hasMessageContaining("a2-shared-login-ip r0");
    }

    @Test
    void expectAlertsTakesEveryAlertOfItsRuleLeftInArrivalOrderAndLeavesTheOthers() {
        arrive(alert(A1, "acct-1"), alert(A2, "acct-2"), alert(A1, "acct-1").setRevision(1), alert(A1, "acct-1").setRevision(2));
        inbox.expectAlert(A1).revision(0);

        assertThat(inbox.expectAlerts(A1)).extracting(FraudAlert::getRevision).containsExactly(1, 2);
        inbox.expectNoMoreAlerts(A1);
        arrive(alert(A1, "acct-3"));
        assertThat(inbox.expectAlerts(A1)).extracting(a -> a.getEntity().getId()).containsExactly("acct-3");
        inbox.expectAlert(A2).entity("acct-2");
        inbox.expectNoMoreAlerts();
    }

    @Test
    void expectAlertsFailsLikeExpectAlertWhenNoAlertOfItsRuleIsLeftAndTakesNothing() {
        arrive(alert(A2, "acct-2"));

        assertThatThrownBy(() -> inbox.expectAlerts(A1)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected another alert of rule a1-account-many-ips, but there is none (0 of that rule taken before)")
                .hasMessageContaining("a2-shared-login-ip r0");
        inbox.expectAlert(A2).entity("acct-2");
        inbox.expectNoMoreAlerts();
    }

    @Test
    void theChecksPassOnTheAlertTheyDescribe() {
        arrive(alert(A1, "acct-1").setAccounts(List.of("acct-1", "acct-2")).setRevision(2).setStatus("CLOSED"));

        FraudAlert taken = inbox.expectAlert(A1).entity("acct-1").entity("account", "acct-1")
                .accounts("acct-2", "acct-1").severity(Severity.MEDIUM).revision(2).status("CLOSED").evidenceCount(3)
                .descriptionContains("3 IPs", "within 1h").alertId("a1-account-many-ips:acct-1:1")
                .satisfies(a -> assertThat(a.getIndicator()).isEqualTo("A0")).alert();
        assertThat(taken.getAlertId()).isEqualTo("a1-account-many-ips:acct-1:1");
    }

    @Test
    void eachCheckFailsNamingTheFieldTheValuesAndTheAlert() {
        arrive(alert(A1, "acct-1").setAccounts(List.of("acct-1", "acct-2")));
        AlertInbox.ExpectedAlert a = inbox.expectAlert(A1);
        String alert = "a1-account-many-ips r0 OPEN MEDIUM account:acct-1 accounts=[acct-1, acct-2] evidence=3"
                + " id=a1-account-many-ips:acct-1:1";

        assertFails(() -> a.entity("acct-9"), "entity id of " + alert, "acct-9");
        assertFails(() -> a.entity("ip", "acct-1"), "entity type of " + alert, "ip");
        assertFails(() -> a.accounts("acct-1"), "accounts (sorted) of " + alert, "acct-2");
        assertFails(() -> a.accounts("acct-1", "acct-2", "acct-3"), "accounts (sorted) of " + alert, "acct-3");
        assertFails(() -> a.severity(Severity.HIGH), "severity of " + alert, "HIGH");
        assertFails(() -> a.revision(1), "revision of " + alert, "1");
        assertFails(() -> a.status("CLOSED"), "status of " + alert, "CLOSED");
        assertFails(() -> a.evidenceCount(4), "evidence count of " + alert, "4");
        assertFails(() -> a.descriptionContains("5 IPs"), "description of " + alert, "5 IPs");
        assertFails(() -> a.alertId("other"), "alert id of " + alert, "other");
        assertFails(() -> a.satisfies(x -> assertThat(x.getIndicator()).as("indicator").isEqualTo("A1")),
                "in " + alert + ": [indicator]", "A1");
    }

    /** The inbox of a fixture reads the alerts the topology wrote (the registered fixture is closed by the extension). */
    @Test
    void aFixturesInboxReadsItsAlertsTopic() {
        for (int i = 1; i <= 3; i++) {
            fixture.send(payout("acct-" + i).to("wallet-9").at(T0.plus(ofHours(i))));
        }

        fixture.inbox().expectAlert(SharedPayoutInstrumentDetector.ID).entity("instrument", "wallet-9")
                .accounts("acct-1", "acct-2", "acct-3").revision(0).status("OPEN");
        fixture.inbox().expectNoMoreAlerts(SharedPayoutInstrumentDetector.ID);
    }

    @Test
    void closingAFixtureTwiceDoesNothingTheSecondTime() {
        TopologyFixture f = TopologyFixture.create();
        f.afterEach(null);

        assertThatCode(f::close).doesNotThrowAnyException();
    }

    private static void assertFails(Runnable check, String description, String expected) {
        assertThatThrownBy(check::run).isInstanceOf(AssertionError.class)
                .hasMessageContaining(description).hasMessageContaining(expected);
    }
}
