package io.flagstream.detect.watchlistmatch;

import io.flagstream.alerts.Severity;
import io.flagstream.config.ConfigException;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import static io.flagstream.events.InstrumentType.CRYPTO_WALLET;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchListMatchDetectorTest {
    private static final String ID = WatchListMatchDetector.ID;
    private static final String OFAC_SDN = "flagstream.detector." + ID + ".ofac-sdn";
    private static final String LISTS = "flagstream.detector." + ID + ".lists";

    // Each test starts the topology with its own list files, so each makes (and closes) its own fixture.

    @Test
    void aPayoutToAnSdnCryptoAddressRaisesOneHighAlertCitingTheEntryAndHowItMatched() {
        try (TopologyFixture fixture = withLists(Map.of(OFAC_SDN, fixture("sdn.csv")))) {
            fixture.send(payout("acct-1").to("TTestTronAddrFixture00000000000000", CRYPTO_WALLET).id("p1").at(T0));

            fixture.inbox().expectAlert(ID).severity(Severity.HIGH).entity("acct-1")
                    .descriptionContains("instrument 'TTestTronAddrFixture00000000000000' matches"
                            + " 'TTestTronAddrFixture00000000000000' (same instrument) on OFAC-SDN #90004"
                            + " CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY [DPRK2, DPRK4]")
                    .satisfies(a -> {
                        assertThat(a.getIndicator()).isEqualTo("WATCHLIST");
                        assertThat(a.getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts()).containsEntry(
                                "watchListEntry", "OFAC-SDN #90004 CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY [DPRK2, DPRK4]"));
                    });
            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void aPayoutToTheFrontCompanyUnderItsAliasIsCaughtAndASimilarBenignNameIsNot() {
        try (TopologyFixture fixture = withLists(Map.of(OFAC_SDN, fixture("sdn.xml")))) {
            fixture.send(
                    payout("acct-1").to("bank-1").holder("Jinyong I.T. Cooperation Co., Ltd").id("p1").at(T0),
                    payout("acct-2").to("bank-2").holder("Jinyong Information Services").id("p2").at(T0),
                    payout("acct-3").to("bank-3").holder("Sam Smith").via("LEE, William", "HK").id("p3").at(T0));

            fixture.inbox().expectAlert(ID).entity("acct-1").descriptionContains(
                    "holder 'Jinyong I.T. Cooperation Co., Ltd' matches 'JINYONG IT COOPERATION COMPANY' (same as a listed alias");
            fixture.inbox().expectAlert(ID).entity("acct-3")
                    .descriptionContains("intermediary 'LEE, William'", "OFAC-SDN #90002 LI, Wei [CYBER2]");
            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void aLoginFromAListedIpRaisesAnAlertAndARepeatWithinTheSuppressionRaisesNoSecond() {
        try (TopologyFixture fixture = withLists(Map.of(LISTS, fixture("plain.csv")))) {
            fixture.send(
                    login("acct-1").fromIp("203.0.113.10", "KP").at(T0),
                    login("acct-1").fromIp("198.51.100.1", "US").at(T0.plusSeconds(60)),
                    login("acct-1").fromIp("203.0.113.10", "KP").at(T0.plus(ofDays(1))));

            fixture.inbox().expectAlert(ID).descriptionContains("on plain.csv #ip-1")
                    .satisfies(a -> assertThat(a.getTitle()).isEqualTo("Login from a watch-listed IP address"));
            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void anAccountThatLinksAListedCryptoAddressIsFlaggedBeforeAnyPayout() {
        try (TopologyFixture fixture = withLists(Map.of(OFAC_SDN, fixture("sdn.csv")))) {
            fixture.send(change("acct-1").added("TTestTronAddrFixture00000000000000", CRYPTO_WALLET).id("c1").at(T0));

            fixture.inbox().expectAlert(ID).severity(Severity.HIGH).entity("acct-1")
                    .descriptionContains("Account acct-1 changed its account (PAYMENT_METHOD_ADDED) matching a watch-list:",
                            "instrument 'TTestTronAddrFixture00000000000000' matches", "on OFAC-SDN #90004")
                    .satisfies(a -> assertThat(a.getTitle()).isEqualTo("Account linked to a watch-listed party"));
            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void anAccountDeclaringAListedAliasAsItsLegalNameIsFlaggedAndAnOrdinaryProfileChangeIsNot() {
        try (TopologyFixture fixture = withLists(Map.of(OFAC_SDN, fixture("sdn.xml")))) {
            fixture.send(
                    change("acct-1").legalName("Jinyong I.T. Cooperation Co., Ltd").id("c1").at(T0),
                    change("acct-2").legalName("Jinyong Information Services").id("c2").at(T0),
                    change("acct-3").added("bank-3").holder("Sam Smith").id("c3").at(T0));

            fixture.inbox().expectAlert(ID).entity("acct-1").descriptionContains(
                    "legalName 'Jinyong I.T. Cooperation Co., Ltd' matches 'JINYONG IT COOPERATION COMPANY' (same as a listed alias");
            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void withoutListsNothingIsRaised() {
        try (TopologyFixture fixture = TopologyFixture.create()) {
            fixture.send(payout("acct-1").to("1TestXbtAddr9fixture0000000000000").holder("LI, Wei").at(T0));

            fixture.inbox().expectNoMoreAlerts(ID);
        }
    }

    @Test
    void aListFileThatCannotBeReadStopsTheStartNamingTheSetting(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "id,kind,value\nx,phone,123\n");

        assertThatThrownBy(() -> TopologyFixture.create(Map.of(LISTS, bad.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: " + LISTS + " cannot read " + bad + ": bad.csv:2: kind must be instrument, name or ip, not 'phone'");
        assertThatThrownBy(() -> TopologyFixture.create(Map.of(OFAC_SDN, dir.resolve("missing.csv").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(OFAC_SDN + " cannot read the file");
        Path text = Files.writeString(dir.resolve("sdn.txt"), "");
        assertThatThrownBy(() -> TopologyFixture.create(Map.of(OFAC_SDN, text.toString())))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid configuration: " + OFAC_SDN + " '" + text + "' must be a .csv or .xml file");
    }

    private static TopologyFixture withLists(Map<String, String> settings) {
        return TopologyFixture.create(settings);
    }

    private static String fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(WatchListMatchDetectorTest.class.getResource("/watchlist/" + name)).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
