package io.flagstream.watchlist;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.flagstream.watchlist.Fixtures.plainCsv;
import static io.flagstream.watchlist.Fixtures.sdnCsv;
import static io.flagstream.watchlist.Fixtures.sdnXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListFormatsTest {
    @Test
    void sdnCsvGivesNamesProgramsAndAliasesAndReadsMinusZeroAsEmpty() throws IOException {
        List<WatchListEntry> entries = sdnCsv().entries();

        assertThat(entries).extracting(WatchListEntry::id).containsExactly("90001", "90002", "90003", "90004");
        WatchListEntry front = entries.get(0);
        assertThat(front.name()).isEqualTo("PACIFIC TRADE LTD.");
        assertThat(front.programs()).containsExactly("DPRK3", "DPRK4");
        assertThat(front.aliases()).containsExactly("PACIFIC TRADING COMPANY LIMITED");
        assertThat(front.instruments()).as("remarks without a Digital Currency Address").isEmpty();
        assertThat(entries.get(2).aliases()).containsExactly("KEGC");
        assertThat(entries.get(2).instruments()).as("remarks -0-").isEmpty();
    }

    @Test
    void sdnCsvTakesDigitalCurrencyAddressesFromTheRemarksAlsoAcrossALineBreak() throws IOException {
        List<WatchListEntry> entries = sdnCsv().entries();

        assertThat(entries.get(1).instruments()).containsExactly("1TestXbtAddr9fixture0000000000000",
                "0x00000000000000000000000000000000000F1A7E");
        WatchListEntry chinyong = entries.get(3);
        assertThat(chinyong.citation()).isEqualTo("OFAC-SDN #90004 CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY [DPRK2, DPRK4]");
        assertThat(chinyong.instruments()).containsExactly("TTestTronAddrFixture00000000000000",
                "bc1qtestfixture0000000000000000000000000000");
        assertThat(chinyong.aliases()).containsExactly("JINYONG IT COOPERATION COMPANY", "CHINYONG");
    }

    @Test
    void sdnCsvSkipsARowWithoutEntNumWithItsReasonAndIgnoresTheEndOfFileMark() throws IOException {
        assertThat(sdnCsv().skipped()).containsExactly("sdn.csv row 5: ent_num '-0-' is not a number");
    }

    @Test
    void aFileThatIsNoCsvIsRefused() {
        assertThatThrownBy(() -> OfacSdnCsv.parse(new StringReader("90001,\"unterminated\n"), null))
                .isInstanceOf(IOException.class).hasMessageContaining("not an OFAC SDN CSV file");
    }

    @Test
    void sdnXmlGivesTheSameEntriesAsTheCsvWithIdListAddressesAndStrongAliasesOnly() throws IOException {
        Parsed parsed = sdnXml();
        List<WatchListEntry> entries = parsed.entries();

        assertThat(entries).extracting(WatchListEntry::citation).containsExactly(
                "OFAC-SDN #90002 LI, Wei [CYBER2]",
                "OFAC-SDN #90001 PACIFIC TRADE LTD. [DPRK3, DPRK4]",
                "OFAC-SDN #90004 CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY [DPRK2, DPRK4]");
        assertThat(entries.get(0).instruments()).as("the passport id is no instrument")
                .containsExactly("1TestXbtAddr9fixture0000000000000", "0x00000000000000000000000000000000000f1x7e");
        assertThat(entries.get(0).aliases()).as("the weak a.k.a. is left out").containsExactly("LEE, William");
        assertThat(entries.get(2).instruments()).containsExactly("TTestTronAddrFixture00000000000000");
        assertThat(entries.get(2).aliases()).containsExactly("JINYONG IT COOPERATION COMPANY");
        assertThat(parsed.skipped()).containsExactly("sdn.xml sdnEntry 4: no uid or no name");
    }

    @Test
    void anXmlFileWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><sdnList>&e;</sdnList>";

        assertThatThrownBy(() -> OfacSdnXml.parse(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("not an OFAC SDN XML file");
    }

    @Test
    void aPlainCsvListsInstrumentsNamesWithAliasesAndIps() throws IOException {
        List<WatchListEntry> entries = plainCsv().entries();

        assertThat(entries).extracting(WatchListEntry::citation)
                .containsExactly("platform-list #w-1", "platform-list #n-1 Zhang Wei", "platform-list #ip-1", "platform-list #ip-2");
        assertThat(entries.get(0).instruments()).containsExactly("op-t0-wallet");
        assertThat(entries.get(1).aliases()).containsExactly("Wei Zhang", "Chang Wei");
        assertThat(entries.get(2).ips()).containsExactly("203.0.113.10");
    }

    @Test
    void aBadPlainCsvRowIsRefusedWithItsLine() {
        assertThatThrownBy(() -> plain("id,kind,value\nx,phone,123\n"))
                .hasMessage("bad.csv:2: kind must be instrument, name or ip, not 'phone'");
        assertThatThrownBy(() -> plain("id,kind,value\nx,ip,203.0.113.0/24\n"))
                .hasMessage("bad.csv:2: '203.0.113.0/24' is not one IPv4 or IPv6 address (ranges are not supported)");
        assertThatThrownBy(() -> plain("id,kind,value\nx,ip,999.1.1.1\n")).hasMessageContaining("not one IPv4 or IPv6");
        assertThatThrownBy(() -> plain("id,kind,value\n,name,Someone\n")).hasMessageStartingWith("bad.csv:2: empty id");
        assertThatThrownBy(() -> plain("id,kind,value\nx,name,\n")).hasMessage("bad.csv:2: empty value");
    }

    private static Parsed plain(String csv) throws IOException {
        return PlainCsvList.parse("bad.csv", new StringReader(csv));
    }
}
