package io.flagstream.watchlist;

import io.flagstream.events.Payout;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchListTest {
    @Test
    void sdnCsvGivesNamesProgramsAliasesAndDigitalCurrencyAddresses() throws IOException {
        List<WatchListEntry> entries = sdnCsv();

        assertThat(entries).extracting(WatchListEntry::id).containsExactly("90001", "90002", "90003");
        WatchListEntry front = entries.get(0);
        assertThat(front.name()).isEqualTo("PACIFIC TRADE LTD.");
        assertThat(front.programs()).containsExactly("DPRK3", "DPRK4");
        assertThat(front.aliases()).containsExactly("PACIFIC TRADING COMPANY LIMITED");
        assertThat(entries.get(1).instruments()).containsExactly("1TestXbtAddr9fixture0000000000000",
                "0x00000000000000000000000000000000000f1x7e");
        assertThat(entries.get(2).aliases()).containsExactly("KEGC");
        assertThat(entries.get(2).instruments()).isEmpty();
    }

    @Test
    void sdnXmlGivesTheSameEntriesAsTheCsv() throws IOException {
        List<WatchListEntry> entries;
        try (InputStream in = resource("sdn.xml")) {
            entries = OfacSdnXml.parse(in);
        }

        assertThat(entries).extracting(WatchListEntry::citation)
                .containsExactly("OFAC-SDN #90002 LI, Wei", "OFAC-SDN #90001 PACIFIC TRADE LTD.");
        assertThat(entries.get(0).instruments()).containsExactly("1TestXbtAddr9fixture0000000000000",
                "0x00000000000000000000000000000000000f1x7e");
        assertThat(entries.get(0).aliases()).containsExactly("LEE, William");
        assertThat(entries.get(1).programs()).containsExactly("DPRK3", "DPRK4");
    }

    @Test
    void anXmlFileWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><sdnList>&e;</sdnList>";

        assertThatThrownBy(() -> OfacSdnXml.parse(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("not an OFAC SDN XML file");
    }

    @Test
    void aPayoutToAListedAddressOrToAListedNameInAnotherSpellingMatchesCitingTheEntry() throws IOException {
        WatchList list = new WatchList(sdnCsv());

        Payout toAddress = payout("acct-1").to("1TestXbtAddr9fixture0000000000000").at(T0);
        Payout toHolder = payout("acct-2").to("bank-7").holder("Wei Li").at(T0);
        Payout viaFront = payout("acct-3").to("bank-8").holder("Sam Smith").via("Pacific Trading Co. Limited", "HK").at(T0);

        assertThat(list.match(toAddress)).singleElement().satisfies(m -> {
            assertThat(m.field()).isEqualTo("instrument");
            assertThat(m.reason()).contains("OFAC-SDN #90002 LI, Wei");
        });
        assertThat(list.match(toHolder)).extracting(WatchList.Match::field).containsExactly("holder");
        assertThat(list.match(viaFront)).singleElement().satisfies(m -> {
            assertThat(m.field()).isEqualTo("intermediary");
            assertThat(m.listed()).isEqualTo("PACIFIC TRADING COMPANY LIMITED");
            assertThat(m.entry().id()).isEqualTo("90001");
        });
        assertThat(list.match(payout("acct-4").to("bank-9").holder("Wei Lin").at(T0))).isEmpty();
    }

    @Test
    void namesMeetAcrossCaseAccentsPunctuationLegalFormsAndWordOrder() {
        assertThat(NameKey.of("KIM, Jong-Un")).isEqualTo(NameKey.of("jong un kim"));
        assertThat(NameKey.of("Pacific Trade Ltd.")).isEqualTo(NameKey.of("PACIFIC TRADE LIMITED"));
        assertThat(NameKey.of("José Álvarez")).isEqualTo(NameKey.of("ALVAREZ, Jose"));
        assertThat(NameKey.of("Wei Li")).isNotEqualTo(NameKey.of("Wei Lin"));
        assertThat(NameKey.of(" -- ")).isEmpty();
    }

    @Test
    void aPlainCsvListsInstrumentsNamesWithAliasesAndIps() throws IOException {
        List<WatchListEntry> entries;
        try (Reader in = reader("plain.csv")) {
            entries = PlainCsvList.parse("platform-list", in);
        }
        WatchList list = new WatchList(entries);

        assertThat(list.matchInstrument("op-t0-wallet")).singleElement()
                .satisfies(m -> assertThat(m.entry().citation()).isEqualTo("platform-list #w-1"));
        assertThat(list.matchName("holder", "CHANG, Wei")).extracting(m -> m.entry().id()).containsExactly("n-1");
        assertThat(list.matchIp("203.0.113.10")).hasSize(1);
        assertThat(list.matchName("holder", "op-t0-wallet")).as("an instrument row is no name").isEmpty();
        assertThatThrownBy(() -> PlainCsvList.parse("bad.csv", new StringReader("id,kind,value\nx,phone,123\n")))
                .hasMessageContaining("bad.csv:2: kind must be instrument, name or ip");
    }

    private static List<WatchListEntry> sdnCsv() throws IOException {
        try (Reader sdn = reader("sdn.csv"); Reader alt = reader("alt.csv")) {
            return OfacSdnCsv.parse(sdn, alt);
        }
    }

    private static Reader reader(String name) {
        return new InputStreamReader(resource(name), StandardCharsets.UTF_8);
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(WatchListTest.class.getResourceAsStream("/watchlist/" + name), name);
    }
}
