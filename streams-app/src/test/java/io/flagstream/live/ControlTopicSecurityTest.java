package io.flagstream.live;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.flagstream.testing.Events.allowListed;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.NOW;
import static io.flagstream.testing.Times.T0;
import static io.flagstream.testing.TopologyFixture.OPERATOR;
import static io.flagstream.testing.TopologyFixture.signed;
import static io.flagstream.testing.TopologyFixture.utf8;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whoever can write to the control topics cannot blind detection: only changes signed with the deployment's
 * key are judged, within bounds of the deployed values, and every change is on the audit trail.
 */
class ControlTopicSecurityTest {
    private static final String A16 = SharedPayoutInstrumentDetector.ID;
    private static final String MIN_ACCOUNTS = "flagstream.detector.a16-shared-payout-instrument.min-accounts";
    private static final String ENABLED = "flagstream.detector.a16-shared-payout-instrument.enabled";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The deployed bounds; a test of other deployment settings makes its own fixture. */
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();

    @Test
    void anUnsignedChangeIsRefusedAndDeadLettered() {
        fixture.publishConfig(MIN_ACCOUNTS, "2", new RecordHeaders());

        DeadLetter refused = fixture.deadLetters.readValue();
        assertThat(refused.getErrorType()).isEqualTo("SIGNATURE");
        assertThat(refused.getReason()).startsWith("unsigned");
        assertStillNeedsThreePayers(fixture);
    }

    @Test
    void aChangeSignedWithAnotherKeyIsRefused() {
        Headers forged = new RecordHeaders();
        new ChangeSignature("another-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8))
                .sign(forged, fixture.topics.config().name(), MIN_ACCOUNTS, utf8("2"), OPERATOR, NOW.toEpochMilli());
        fixture.publishConfig(MIN_ACCOUNTS, "2", forged);

        assertThat(fixture.deadLetters.readValue().getReason()).startsWith("bad signature (signed by 'test-operator')");
        assertStillNeedsThreePayers(fixture);
    }

    @Test
    void aSignedChangeAlteredAfterSigningIsRefused() {
        fixture.publishConfig(MIN_ACCOUNTS, "2", signed(fixture.topics.config().name(), MIN_ACCOUNTS, utf8("4"), OPERATOR));
        fixture.publishConfig(ENABLED, "true", signed(fixture.topics.config().name(), MIN_ACCOUNTS, utf8("true"), OPERATOR));

        assertThat(fixture.deadLetters.readValuesToList()).extracting(DeadLetter::getReason)
                .allSatisfy(r -> assertThat(r).startsWith("bad signature")).hasSize(2);
        assertStillNeedsThreePayers(fixture);
    }

    @Test
    void aSignatureForTheConfigTopicDoesNotSignTheSameRecordOnTheAllowList() {
        String key = "instrument:wallet-9";
        byte[] value = fixture.topics.allowList().valueSerde().serializer().serialize(fixture.topics.allowList().name(),
                allowListed("instrument", "wallet-9"));
        fixture.publishAllowList(key, value, signed(fixture.topics.config().name(), key, value, "analyst@example.com"));

        assertThat(fixture.deadLetters.readValue().getReason()).startsWith("bad signature");
        threePayersInto(fixture, "wallet-9");
        fixture.inbox().expectAlert(A16); // the entry did not apply
        fixture.inbox().expectNoMoreAlerts(A16);
    }

    @Test
    void anAllowListEntryMustBeCreatedByItsSigner() {
        String key = "instrument:wallet-9";
        byte[] value = fixture.topics.allowList().valueSerde().serializer().serialize(fixture.topics.allowList().name(),
                allowListed("instrument", "wallet-9"));
        fixture.publishAllowList(key, value, signed(fixture.topics.allowList().name(), key, value, "mallory"));

        assertThat(fixture.deadLetters.readValue().getReason()).contains("createdBy 'analyst@example.com' differs from the signer 'mallory'");
    }

    @Test
    void withoutASigningKeyEveryLiveChangeIsRefused() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.live.signing.key", ""))) {
            f.setConfig(MIN_ACCOUNTS, "2");

            assertThat(f.deadLetters.readValue().getReason()).contains("live changes are off").contains("flagstream.live.signing.key");
            assertStillNeedsThreePayers(f);
        }
    }

    @Test
    void aDetectorCannotBeSwitchedOffLive() {
        fixture.setConfig(ENABLED, "false");

        assertThat(fixture.deadLetters.readValue().getReason()).contains(ENABLED + " cannot be switched off by a live change");
        threePayersInto(fixture, "wallet-9");
        fixture.inbox().expectAlert(A16);
        fixture.inbox().expectNoMoreAlerts(A16);
    }

    @Test
    void aThresholdCannotBeRaisedBeyondTheDeployedFactor() {
        fixture.setConfig(MIN_ACCOUNTS, "7");
        fixture.setConfig(MIN_ACCOUNTS, "6");

        assertThat(fixture.deadLetters.readValuesToList()).extracting(DeadLetter::getReason).singleElement()
                .satisfies(r -> assertThat(r).contains(MIN_ACCOUNTS + " would be 7, above its deployed 3 × flagstream.live.max-factor 2.0 = 6"));
    }

    @Test
    void aGraceCannotBeCutToZeroNorBelowTheDeployedFraction() {
        fixture.setConfig("flagstream.detectors.grace", "0s");
        fixture.setConfig("flagstream.detector.a16-shared-payout-instrument.window", "1d");

        assertThat(fixture.deadLetters.readValuesToList()).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).contains("flagstream.detectors.grace would be 0ms, below its deployed 1d"),
                r -> assertThat(r).contains("window would be 1d, below its deployed 7d"));
    }

    @Test
    void theDeploymentCanAllowWiderLiveChanges() {
        try (TopologyFixture f = TopologyFixture.create(Map.of("flagstream.live.allow-disable", "true", "flagstream.live.max-factor", "10"))) {
            f.setConfig(MIN_ACCOUNTS, "20");
            f.setConfig(ENABLED, "false");

            assertThat(f.deadLetters.isEmpty()).isTrue();
            threePayersInto(f, "wallet-9");
            f.inbox().expectNoMoreAlerts(A16);
        }
    }

    @Test
    void everyChangeAcceptedOrRefusedIsAuditedWithWhoWhatWhenAndTheOldAndNewValue() throws Exception {
        fixture.setConfig(MIN_ACCOUNTS, "2");
        fixture.publishConfig(MIN_ACCOUNTS, "5", new RecordHeaders());
        fixture.allowList(allowListed("instrument", "wallet-9"));

        List<Map<String, String>> audit = fixture.audit.readValuesToList().stream().map(ControlTopicSecurityTest::json).toList();
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0)).satisfies(a -> {
            assertThat(a.get("outcome")).isEqualTo("accepted");
            assertThat(a.get("signedBy")).isEqualTo(OPERATOR);
            assertThat(a.get("topic")).isEqualTo(fixture.topics.config().name());
            assertThat(a.get("key")).isEqualTo(MIN_ACCOUNTS);
            assertThat(a.get("oldValue")).isEqualTo("3");
            assertThat(a.get("newValue")).isEqualTo("2");
            assertThat(a.get("at")).isEqualTo(NOW.toString());
        });
        assertThat(audit.get(1)).satisfies(a -> {
            assertThat(a.get("outcome")).isEqualTo("refused");
            assertThat(a.get("reason")).startsWith("unsigned");
            assertThat(a.get("oldValue")).as("the override in force").isEqualTo("2");
            assertThat(a.get("newValue")).isEqualTo("5");
        });
        assertThat(audit.get(2)).satisfies(a -> {
            assertThat(a.get("outcome")).isEqualTo("accepted");
            assertThat(a.get("signedBy")).isEqualTo("analyst@example.com");
            assertThat(a.get("key")).isEqualTo("instrument:wallet-9");
            assertThat(a.get("oldValue")).isNull();
            assertThat(a.get("newValue")).contains("TICKET-42");
        });
    }

    private static Map<String, String> json(String line) {
        try {
            return JSON.readValue(line, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The deployed min-accounts (3) still applies: two payers raise nothing, a third does. */
    private static void assertStillNeedsThreePayers(TopologyFixture f) {
        f.send(payout("acct-1").to("wallet-9").at(T0), payout("acct-2").to("wallet-9").at(T0.plus(ofHours(1))));
        f.inbox().expectNoMoreAlerts(A16);
        f.send(payout("acct-3").to("wallet-9").at(T0.plus(ofHours(2))));
        f.inbox().expectAlert(A16);
        f.inbox().expectNoMoreAlerts(A16);
    }

    private static void threePayersInto(TopologyFixture f, String wallet) {
        for (int i = 1; i <= 3; i++) {
            f.send(payout("acct-" + i).to(wallet).at(T0.plus(ofHours(i))));
        }
    }
}
