package io.flagstream.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.BuildInfo;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.config.ConfigException;
import io.flagstream.events.IpType;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.NOW;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OCSF Detection Findings: the schema subset, the create → update → close lifecycle, and stable uids. */
class DetectionFindingsTest {
    private static final String A16 = "a16-shared-payout-instrument";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = loadSchema("/ocsf/detection_finding.schema.json");
    /**
     * The official OCSF 1.3.0 Detection Finding, compiled from ocsf/ocsf-schema 1.3.0 by
     * {@code src/test/resources/ocsf/official_schema.py}: every attribute the class and its objects allow, their
     * types, required attributes and id enums, and nothing else.
     */
    private static final Schema OFFICIAL = loadSchema("/ocsf/detection_finding-1.3.0.official.schema.json");
    /** The episode purge runs every 10 minutes of wall-clock time. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    private final AlertInbox inbox = fixture.inbox();

    @Test
    void anAlertBecomesAValidDetectionFindingKeyedByItsUid() throws IOException {
        sharedWallet(fixture);

        List<KeyValue<String, String>> records = findings(fixture, A16);
        assertThat(records).hasSize(1);
        JsonNode f = valid(records.get(0).value);
        FraudAlert alert = inbox.expectAlert(A16).alert();
        inbox.expectNoMoreAlerts(A16);
        assertThat(records.get(0).key).isEqualTo(alert.getAlertId());
        assertThat(f.path("class_uid").asInt()).isEqualTo(2004);
        assertThat(f.path("category_uid").asInt()).isEqualTo(2);
        assertThat(f.path("activity_id").asInt()).isEqualTo(1);
        assertThat(f.path("type_uid").asInt()).isEqualTo(200401);
        assertThat(f.path("status").asText()).isEqualTo("New");
        assertThat(f.path("severity_id").asInt()).isEqualTo(3);
        assertThat(f.path("time").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(f.path("metadata").path("version").asText()).isEqualTo("1.3.0");
        assertThat(f.path("metadata").path("product").path("name").asText()).isEqualTo("FlagStream");
        JsonNode info = f.path("finding_info");
        assertThat(info.path("uid").asText()).isEqualTo(alert.getAlertId());
        assertThat(info.path("types").get(0).asText()).isEqualTo("A16");
        assertThat(info.path("analytic").path("uid").asText()).isEqualTo(A16);
        assertThat(info.path("analytic").path("type").asText()).isEqualTo("Rule");
        assertThat(info.path("first_seen_time").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(info.path("related_events").findValuesAsText("uid")).containsExactly("p3", "p2", "p1");
        assertThat(info.has("src_url")).as("no case link configured").isFalse();
        assertThat(f.path("metadata").path("product").path("version").asText()).isEqualTo(BuildInfo.version()).isNotEqualTo("dev");
        assertThat(f.path("confidence_score").asInt()).as("exactly at the threshold").isEqualTo(50);
        assertThat(f.path("confidence_id").asInt()).isEqualTo(DetectionFindings.CONFIDENCE_MEDIUM);
        assertThat(f.path("confidence").asText()).isEqualTo("Medium");
        assertThat(f.path("evidences").findValuesAsText("uid")).containsExactly("acct-3", "acct-2", "acct-1");
        assertThat(f.path("evidences").findValues("data")).singleElement()
                .satisfies(d -> assertThat(d.path("payment_instrument").asText()).isEqualTo("wallet-9"));
        assertThat(f.path("resources").findValuesAsText("uid")).containsExactly("wallet-9", "acct-1", "acct-2", "acct-3");
        assertThat(f.path("risk_score").asInt()).isEqualTo(DetectionFindings.riskScore(Severity.MEDIUM, 3)).isEqualTo(44);
        JsonNode unmapped = f.path("unmapped").path("flagstream");
        assertThat(unmapped.path("thresholds").get(0).path("name").asText()).isEqualTo("distinct-accounts");
        assertThat(unmapped.path("parameters").path("window").asText()).isEqualTo("7d");
        assertThat(unmapped.path("indicator_summary").asText()).isEqualTo("Many platform accounts paying into the same payment account");
        assertThat(unmapped.path("evidence_count").asInt()).isEqualTo(3);

        // The example in docs/design.md (OCSF findings) is real output: written here, copied by hand.
        Files.writeString(Path.of("target", "ocsf-finding-example.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(f));
    }

    @Test
    void aFindingIsCreatedUpdatedWhenEvidenceGrowsAndClosedWhenTheEpisodeEnds() {
        sharedWallet(fixture);
        fixture.send(payout("acct-4").to("wallet-9").id("p4").at(T0.plus(ofDays(1))));
        // Stream time moves past the 7 d suppression after the last detection (a payout that detects nothing) ...
        fixture.send(payout("acct-9").to("bank-other").id("p9").at(T0.plus(ofDays(8)).plus(ofHours(1))));
        // ... and the wall-clock purge ends the episode.
        fixture.advanceWallClock(PURGE_INTERVAL);

        List<KeyValue<String, String>> records = findings(fixture, A16);
        assertThat(records).hasSize(3);
        List<JsonNode> f = records.stream().map(r -> valid(r.value)).toList();
        assertThat(f).extracting(n -> n.path("activity_id").asInt()).containsExactly(1, 2, 3);
        assertThat(f).extracting(n -> n.path("type_uid").asInt()).containsExactly(200401, 200402, 200403);
        assertThat(f).extracting(n -> n.path("status").asText()).containsExactly("New", "New", "Resolved");
        assertThat(f).extracting(n -> n.path("status_id").asInt()).containsExactly(1, 1, 4);
        String uid = f.get(0).path("finding_info").path("uid").asText();
        assertThat(f).extracting(n -> n.path("finding_info").path("uid").asText()).containsOnly(uid);
        assertThat(records).extracting(r -> r.key).containsOnly(uid);
        assertThat(f.get(1).path("resources").findValuesAsText("uid")).contains("acct-4");
        // The close repeats the last revision's content.
        assertThat(f.get(2).path("finding_info")).isEqualTo(f.get(1).path("finding_info"));

        // The Avro alerts topic carries the same lifecycle.
        inbox.expectAlert(A16).alertId(uid).revision(0).status("OPEN");
        inbox.expectAlert(A16).alertId(uid).revision(1).status("OPEN");
        inbox.expectAlert(A16).alertId(uid).revision(2).status("CLOSED");
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void anEpisodeWithinTheSuppressionPeriodIsNotClosed() {
        sharedWallet(fixture);
        fixture.send(payout("acct-9").to("bank-other").at(T0.plus(ofDays(6))));
        fixture.advanceWallClock(PURGE_INTERVAL);

        assertThat(findings(fixture, A16)).extracting(r -> valid(r.value).path("activity_id").asInt()).containsExactly(1);
    }

    @Test
    void aReplayedInputYieldsTheSameFindings() {
        List<String> first;
        try (TopologyFixture again = TopologyFixture.create()) {
            sharedWallet(again);
            again.advanceWallClock(PURGE_INTERVAL);
            first = findings(again, A16).stream().map(r -> r.value).toList();
        }
        sharedWallet(fixture);
        fixture.advanceWallClock(PURGE_INTERVAL);
        List<String> second = findings(fixture, A16).stream().map(r -> r.value).toList();

        assertThat(first).hasSize(1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void loginEvidenceBecomesSourceEndpointsWithCountryAndAsn() {
        String ip = "198.51.100.7";
        fixture.send(
                login("acct-1").fromIp(ip, "NL").ipType(IpType.HOSTING).asn(14061).id("l1").at(T0),
                login("acct-2").fromIp(ip, "NL").ipType(IpType.HOSTING).asn(14061).id("l2").at(T0.plus(ofHours(6))),
                login("acct-3").fromIp(ip, "NL").ipType(IpType.HOSTING).asn(14061).id("l3").at(T0.plus(ofHours(23))));

        List<JsonNode> all = fixture.findings.readKeyValuesToList().stream().map(r -> valid(r.value)).toList();
        assertThat(all).isNotEmpty();
        JsonNode endpoint = all.stream()
                .filter(f -> f.path("finding_info").path("analytic").path("uid").asText().startsWith("a2-"))
                .findFirst().orElseThrow().path("evidences").findValue("src_endpoint");
        assertThat(endpoint.path("ip").asText()).isEqualTo(ip);
        assertThat(endpoint.path("location").path("country").asText()).isEqualTo("NL");
        assertThat(endpoint.path("autonomous_system").path("number").asInt()).isEqualTo(14061);
    }

    @Test
    void noFindingsWhenOcsfIsSwitchedOff() {
        try (TopologyFixture off = TopologyFixture.create(Map.of("flagstream.ocsf.enabled", "false"))) {
            sharedWallet(off);
            off.inbox().expectAlert(A16);
            off.inbox().expectNoMoreAlerts(A16);
            assertThat(off.findings.isEmpty()).isTrue();
            assertThat(off.topology.describe().toString()).doesNotContain("findings-sink");
        }
    }

    @Test
    void aConfiguredCaseUrlLinksEachFindingToItsAlert() {
        try (TopologyFixture linked = TopologyFixture.create(Map.of(
                "flagstream.ocsf.case-url", "https://cases.example.com/alerts/{alert_id}?rule={rule_id}&on={entity_type}:{entity_id}"))) {
            sharedWallet(linked);
            JsonNode f = valid(findings(linked, A16).get(0).value);
            String alertId = linked.inbox().expectAlert(A16).alert().getAlertId();
            assertThat(f.path("finding_info").path("src_url").asText())
                    .isEqualTo("https://cases.example.com/alerts/" + alertId + "?rule=" + A16 + "&on=instrument:wallet-9");
        }
    }

    @Test
    void aCaseUrlMustBeHttpAndSayWhereTheAlertIdGoes() {
        assertThatThrownBy(() -> TopologyFixture.create(Map.of("flagstream.ocsf.case-url", "cases.example.com/{alert_id}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("flagstream.ocsf.case-url").hasMessageContaining("http(s)");
        assertThatThrownBy(() -> TopologyFixture.create(Map.of("flagstream.ocsf.case-url", "https://cases.example.com/latest")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{alert_id}");
    }

    @Test
    void confidenceSaysHowFarTheWeakestThresholdIsPassed() {
        assertThat(DetectionFindings.confidenceScore(List.of())).isEqualTo(50);
        assertThat(DetectionFindings.confidenceScore(List.of(new Threshold("accounts", 3.0, 3.0)))).isEqualTo(50);
        assertThat(DetectionFindings.confidenceScore(List.of(new Threshold("accounts", 3.0, 6.0)))).isEqualTo(75);
        // an upper limit (e.g. a name similarity at most 0.4) passed by half counts the same as twice a lower one
        assertThat(DetectionFindings.confidenceScore(List.of(new Threshold("similarity", 0.4, 0.2)))).isEqualTo(75);
        assertThat(DetectionFindings.confidenceScore(List.of(new Threshold("a", 3.0, 30.0), new Threshold("b", 2.0, 2.0))))
                .as("the weakest threshold decides").isEqualTo(50);
        assertThat(DetectionFindings.confidenceId(50)).isEqualTo(DetectionFindings.CONFIDENCE_MEDIUM);
        assertThat(DetectionFindings.confidenceId(75)).isEqualTo(DetectionFindings.CONFIDENCE_HIGH);
        assertThat(DetectionFindings.confidenceId(30)).isEqualTo(DetectionFindings.CONFIDENCE_LOW);
    }

    @Test
    void theOfficialSchemaRejectsWhatOcsf130DoesNotDefine() {
        String base = "{\"activity_id\":1,\"category_uid\":2,\"class_uid\":2004,\"type_uid\":200401,\"time\":1,"
                + "\"severity_id\":3,\"metadata\":{\"version\":\"1.3.0\",\"product\":{\"name\":\"FlagStream\",\"vendor_name\":\"FlagStream\"}},"
                + "\"finding_info\":{\"uid\":\"x\",\"title\":\"t\"}";
        assertThat(OFFICIAL.validate(base + "}", InputFormat.JSON)).isEmpty();
        assertThat(OFFICIAL.validate(base + ",\"is_alert\":true}", InputFormat.JSON)).as("is_alert came with OCSF 1.4").isNotEmpty();
        assertThat(OFFICIAL.validate(base.replace("200401", "200405") + "}", InputFormat.JSON)).as("type_uid").isNotEmpty();
        assertThat(OFFICIAL.validate(base.replace(",\"title\":\"t\"", "") + "}", InputFormat.JSON)).as("title is required").isNotEmpty();
    }

    @Test
    void riskScoreGrowsWithSeverityAndALittleWithEvidence() {
        assertThat(DetectionFindings.riskScore(Severity.LOW, 1)).isEqualTo(20);
        assertThat(DetectionFindings.riskScore(Severity.MEDIUM, 3)).isEqualTo(44);
        assertThat(DetectionFindings.riskScore(Severity.HIGH, 100)).isEqualTo(80);
        assertThat(DetectionFindings.riskScore(Severity.CRITICAL, 500)).isEqualTo(100);
    }

    @Test
    void theSchemaRejectsAMisspeltAttribute() {
        String bad = "{\"activity_id\":1,\"category_uid\":2,\"class_uid\":2004,\"type_uid\":200401,\"time\":1,"
                + "\"severity_id\":3,\"metadata\":{\"version\":\"1.3.0\",\"product\":{\"vendor_name\":\"FlagStream\"}},"
                + "\"finding_info\":{\"uid\":\"x\"},\"riskscore\":5}";
        assertThat(SCHEMA.validate(bad, InputFormat.JSON)).isNotEmpty();
    }

    private static void sharedWallet(TopologyFixture f) {
        f.send(
                payout("acct-1").to("wallet-9").id("p1").at(T0),
                payout("acct-2").to("wallet-9").id("p2").at(T0.plus(ofHours(2))),
                payout("acct-3").to("wallet-9").id("p3").at(T0.plus(ofHours(4))));
    }

    /** The findings of one rule, in order (reads, and so drains, all findings). */
    private static List<KeyValue<String, String>> findings(TopologyFixture f, String ruleId) {
        return f.findings.readKeyValuesToList().stream()
                .filter(r -> ruleId.equals(parse(r.value).path("finding_info").path("analytic").path("uid").asText()))
                .toList();
    }

    private static JsonNode valid(String json) {
        assertThat(SCHEMA.validate(json, InputFormat.JSON)).as("schema errors of " + json).isEmpty();
        assertThat(OFFICIAL.validate(json, InputFormat.JSON)).as("official OCSF 1.3.0 schema errors of " + json).isEmpty();
        return parse(json);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema loadSchema(String resource) {
        try (InputStream in = DetectionFindingsTest.class.getResourceAsStream(resource)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
