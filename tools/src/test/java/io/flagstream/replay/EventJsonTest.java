package io.flagstream.replay;

import io.flagstream.alerts.AlertEntity;
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
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {
    private static final PaymentInstrument BANK = PaymentInstrument.newBuilder().setType(InstrumentType.BANK_ACCOUNT)
            .setFingerprint("bank-1").setProvider("Bank").setCountry("US").setHolderName("Anna Smith").build();
    private static final PaymentInstrument BARE = PaymentInstrument.newBuilder().setType(InstrumentType.CRYPTO_WALLET)
            .setFingerprint("w-1").build();

    static Payout fullPayout() {
        return Payout.newBuilder().setEventId("p-1").setAccountId("acct-1").setTimestamp(T0.plusMillis(123))
                .setAmount(new BigDecimal("1234.5600")).setCurrency("USD").setInstrument(BANK).setRequestIp("10.0.0.1")
                .setIntermediary(new Intermediary("Pacific Trade Ltd", "HK")).build();
    }

    static Payout minimalPayout() {
        return Payout.newBuilder().setEventId("p-2").setAccountId("acct-2").setTimestamp(T0)
                .setAmount(new BigDecimal("0.0001")).setCurrency("EUR").setInstrument(BARE)
                .setRequestIp(null).setIntermediary(new Intermediary("Solo", null)).build();
    }

    static Login fullLogin() {
        return Login.newBuilder().setEventId("l-1").setAccountId("acct-1").setTimestamp(T0).setKind(LoginKind.LOGIN_SUCCESS)
                .setSessionId("s-1").setIp("2001:db8::1").setIpCountry("SG").setAsn(4_294_967_296L).setIpType(IpType.HOSTING)
                .setDeviceId("dev-1").setUserAgent("Mozilla/5.0 \"quoted\" \u00e9").setOpenPorts(List.of(3389, 5900))
                .setRemoteDesktopTool("AnyDesk").build();
    }

    static Login minimalLogin() {
        return Login.newBuilder().setEventId("l-2").setAccountId("acct-2").setTimestamp(T0).setKind(LoginKind.HEARTBEAT)
                .setIp("10.0.0.2").build();
    }

    static AccountChange fullChange() {
        return AccountChange.newBuilder().setEventId("c-1").setAccountId("acct-1").setTimestamp(T0)
                .setKind(AccountChangeKind.PAYMENT_METHOD_ADDED).setRole(AccountRole.FREELANCER).setInstrument(BANK)
                .setDeclaredCountry("US").setTimezone("America/Chicago").setLegalName("Anna Smith")
                .setDocumentFingerprint("doc-1").setContactFingerprint("mail-1").setShippingCountry("CN").build();
    }

    static AccountChange minimalChange() {
        return AccountChange.newBuilder().setEventId("c-2").setAccountId("acct-2").setTimestamp(T0)
                .setKind(AccountChangeKind.ACCOUNT_CREATED).build();
    }

    @Test
    void everyEventTypeRoundTripsExactlyWithAndWithoutOptionalFields() {
        for (SpecificRecord event : List.of(fullPayout(), minimalPayout(), fullLogin(), minimalLogin(), fullChange(), minimalChange())) {
            String line = EventJson.write(event);
            ReplayEvent back = EventJson.read(line);

            assertThat(back.event()).as(line).isEqualTo(event);
            assertThat(back.type()).isEqualTo(EventType.of(event));
            assertThat(EventJson.write(back.event())).isEqualTo(line);
        }
    }

    @Test
    void writesTypeFirstIsoTimestampsDecimalStringsEnumSymbolsAndNulls() {
        assertThat(EventJson.write(minimalPayout())).isEqualTo("{\"type\":\"payout\",\"eventId\":\"p-2\",\"accountId\":\"acct-2\","
                + "\"timestamp\":\"2026-03-02T09:00:00Z\",\"amount\":\"0.0001\",\"currency\":\"EUR\",\"instrument\":{\"type\":"
                + "\"CRYPTO_WALLET\",\"fingerprint\":\"w-1\",\"provider\":null,\"country\":null,\"holderName\":null},"
                + "\"requestIp\":null,\"intermediary\":{\"name\":\"Solo\",\"country\":null}}");
        assertThat(EventJson.write(fullLogin())).contains("\"type\":\"login\"", "\"kind\":\"LOGIN_SUCCESS\"",
                "\"asn\":4294967296", "\"openPorts\":[3389,5900]");
        assertThat(EventJson.write(minimalChange())).startsWith("{\"type\":\"account-change\"");
    }

    @Test
    void readsEpochMillisAndOffsetTimestampsNumericAmountsAndFillsDefaults() {
        long millis = T0.toEpochMilli() + 5;
        ReplayEvent e = EventJson.read("{\"type\":\"payout\",\"eventId\":\"p\",\"accountId\":\"a\",\"timestamp\":" + millis
                + ",\"amount\":12.5,\"currency\":\"USD\",\"instrument\":{\"type\":\"CARD\",\"fingerprint\":\"c\"}}");
        Payout p = (Payout) e.event();
        assertThat(p.getTimestamp()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(e.timestamp()).isEqualTo(millis);
        assertThat(p.getAmount()).isEqualTo(new BigDecimal("12.5000"));
        assertThat(p.getRequestIp()).isNull();
        assertThat(p.getInstrument().getProvider()).isNull();

        Login l = (Login) EventJson.read("{\"type\":\"login\",\"eventId\":\"l\",\"accountId\":\"a\","
                + "\"timestamp\":\"2026-03-02T10:00:00.250+01:00\",\"kind\":\"ACTIVITY\",\"ip\":\"1.2.3.4\"}").event();
        assertThat(l.getTimestamp()).isEqualTo(Instant.parse("2026-03-02T09:00:00.250Z"));
        assertThat(l.getIpType()).isEqualTo(IpType.UNKNOWN);
        assertThat(l.getOpenPorts()).isEmpty();
    }

    @Test
    void errorsNameTheFieldAndTheValue() {
        String payout = EventJson.write(fullPayout());
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"1234.5600\"", "\"abc\"")))
                .isInstanceOf(JsonFieldException.class).hasMessage("field 'amount': 'abc' is not a decimal");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"1234.5600\"", "\"1.23456\"")))
                .hasMessage("field 'amount': '1.23456' has more than 4 decimal places");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"BANK_ACCOUNT\"", "\"IBAN\"")))
                .hasMessageStartingWith("field 'instrument.type': 'IBAN' is not one of BANK_ACCOUNT, ");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"fingerprint\":\"bank-1\",", "")))
                .hasMessage("field 'instrument.fingerprint': missing");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"eventId\"", "\"eventid\"")))
                .hasMessage("field 'eventid': unknown field (not in Payout)");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"2026-03-02T09:00:00.123Z\"", "\"yesterday\"")))
                .hasMessage("field 'timestamp': 'yesterday' is not an ISO-8601 timestamp or epoch milliseconds");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"currency\":\"USD\"", "\"currency\":null")))
                .hasMessage("field 'currency': must not be null");
        assertThatThrownBy(() -> EventJson.read(payout.replace("\"type\":\"payout\"", "\"type\":\"refund\"")))
                .hasMessage("field 'type': 'refund' is not one of payout, login, account-change");
        assertThatThrownBy(() -> EventJson.read(EventJson.write(fullLogin()).replace("[3389,5900]", "[3389,\"x\"]")))
                .hasMessage("field 'openPorts[1]': 'x' is not a 32-bit whole number");
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"payout\""))
                .isInstanceOf(JsonFieldException.class).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void alertsRoundTripWithEveryField() {
        FraudAlert alert = FraudAlert.newBuilder().setAlertId("id-1").setRevision(2).setRuleId("a16-shared-payout-instrument")
                .setIndicator("A16").setTitle("t").setDescription("d").setSeverity(Severity.HIGH)
                .setEntity(new AlertEntity("instrument", "w1")).setAccounts(List.of("a", "b"))
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(60)).setFirstSeen(T0).setLastSeen(T0.plusSeconds(30))
                .setEvidence(List.of(new Evidence("e-1", "payouts", "a", T0, Map.of("z", "1", "amount", "9 USD"))))
                .setEvidenceCount(1).setThresholds(List.of(new Threshold("min-accounts", 3.0, 0.1)))
                .setParameters(Map.of("window", "7d")).setDetectedAt(T0.plusSeconds(31)).build();

        String line = EventJson.writeAlert(alert);

        assertThat(EventJson.readAlert(line)).isEqualTo(alert);
        assertThat(line).contains("\"facts\":{\"amount\":\"9 USD\",\"z\":\"1\"}", "\"observed\":0.1", "\"severity\":\"HIGH\"");
    }
}
