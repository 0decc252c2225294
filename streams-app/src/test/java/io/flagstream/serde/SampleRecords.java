package io.flagstream.serde;

import io.flagstream.alerts.AlertEntity;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.InstrumentType;
import io.flagstream.events.Intermediary;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.LoginKind;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.events.Payout;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated example of each schema, at fixed millisecond-precision times. */
final class SampleRecords {

    static final Instant T0 = Instant.parse("2025-03-01T09:30:00Z");

    private SampleRecords() {
    }

    static PaymentInstrument cryptoWallet() {
        return PaymentInstrument.newBuilder()
                .setType(InstrumentType.CRYPTO_WALLET)
                .setFingerprint("fp-9f3a")
                .setProvider("Example Exchange")
                .setCountry(null)
                .setHolderName(null)
                .build();
    }

    /** A payout with every optional field set, routed through an intermediary. */
    static Payout payout(int n) {
        return Payout.newBuilder()
                .setEventId("payout-" + n)
                .setAccountId("acct-1")
                .setTimestamp(T0.plusSeconds(n))
                .setAmount(new BigDecimal("1234.5600").add(BigDecimal.valueOf(n)))
                .setCurrency("USD")
                .setInstrument(cryptoWallet())
                .setRequestIp("203.0.113.7")
                .setIntermediary(Intermediary.newBuilder().setName("Acme Pay").setCountry("AE").build())
                .build();
    }

    /** A payout with the optional fields left null. */
    static Payout payoutWithoutOptionals() {
        return Payout.newBuilder(payout(0)).setRequestIp(null).setIntermediary(null).build();
    }

    static Login login() {
        return Login.newBuilder()
                .setEventId("login-1")
                .setAccountId("acct-1")
                .setTimestamp(T0)
                .setKind(LoginKind.LOGIN_SUCCESS)
                .setSessionId("sess-1")
                .setIp("203.0.113.7")
                .setIpCountry("KP")
                .setAsn(131279L)
                .setIpType(IpType.VPN)
                .setDeviceId("dev-1")
                .setUserAgent("Mozilla/5.0")
                .setOpenPorts(List.of(3389, 5938))
                .setRemoteDesktopTool("AnyDesk")
                .build();
    }

    static AccountChange accountChange() {
        return AccountChange.newBuilder()
                .setEventId("change-1")
                .setAccountId("acct-1")
                .setTimestamp(T0)
                .setKind(AccountChangeKind.PAYMENT_METHOD_ADDED)
                .setRole(AccountRole.FREELANCER)
                .setInstrument(cryptoWallet())
                .setDeclaredCountry("US")
                .setTimezone("America/Chicago")
                .setLegalName("Jane Doe")
                .setDocumentFingerprint(null)
                .setContactFingerprint(null)
                .setShippingCountry(null)
                .build();
    }

    static FraudAlert fraudAlert() {
        return FraudAlert.newBuilder()
                .setAlertId("a16-shared-payout-instrument:fp-9f3a:1740821400000")
                .setRevision(1)
                .setRuleId("a16-shared-payout-instrument")
                .setIndicator("A16")
                .setTitle("Payout instrument shared by 3 accounts")
                .setDescription("fp-9f3a received payouts from 3 accounts within 24 h (limit 2).")
                .setSeverity(Severity.HIGH)
                .setEntity(new AlertEntity("instrument", "fp-9f3a"))
                .setAccounts(List.of("acct-1", "acct-2", "acct-3"))
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(86_400))
                .setFirstSeen(T0)
                .setLastSeen(T0.plusSeconds(600))
                .setEvidence(List.of(Evidence.newBuilder()
                        .setEventId("payout-1")
                        .setSource("payouts")
                        .setAccountId("acct-1")
                        .setTimestamp(T0)
                        .setFacts(Map.of("instrument", "fp-9f3a", "amount", "1234.5600"))
                        .build()))
                .setEvidenceCount(3)
                .setThresholds(List.of(new Threshold("distinctAccounts", 2.0, 3.0)))
                .setParameters(Map.of("window", "PT24H"))
                .setDetectedAt(T0.plusSeconds(601))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("payouts")
                .setPartition(3)
                .setOffset(42L)
                .setRecordTimestamp(T0)
                .setErrorType("DESERIALIZATION")
                .setReason("unknown magic byte 0x7b")
                .setKey(ByteBuffer.wrap("acct-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0x7b, 0x7d}))
                .setFailedAt(T0.plusSeconds(1))
                .build();
    }

    static ObservedEvent observedEvent() {
        return ObservedEvent.newBuilder()
                .setEventId("payout-1")
                .setSource("payouts")
                .setAccountId("acct-1")
                .setTimestamp(T0.toEpochMilli())
                .setSubject("fp-9f3a")
                .setFacts(Map.of("amount", "1234.5600"))
                .build();
    }

    static Episode episode() {
        return Episode.newBuilder()
                .setAlertId("a16-shared-payout-instrument:fp-9f3a:1740821400000")
                .setRevision(2)
                .setEpisodeStart(T0.toEpochMilli())
                .setLastFired(T0.plusSeconds(600).toEpochMilli())
                .setAccounts(List.of("acct-1", "acct-2"))
                .setEvidenceCount(2)
                .build();
    }
}
