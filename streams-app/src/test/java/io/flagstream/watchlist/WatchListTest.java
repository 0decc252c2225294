package io.flagstream.watchlist;

import io.flagstream.events.Payout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static io.flagstream.watchlist.Fixtures.plainCsv;
import static io.flagstream.watchlist.Fixtures.sdnCsv;
import static org.assertj.core.api.Assertions.assertThat;

class WatchListTest {
    @Test
    void aPayoutToAListedAddressOrToAListedNameInAnotherSpellingMatchesCitingTheEntryAndHow() throws IOException {
        WatchList list = new WatchList(sdnCsv().entries());

        Payout toAddress = payout("acct-1").to("1TestXbtAddr9fixture0000000000000").at(T0);
        Payout toHolder = payout("acct-2").to("bank-7").holder("Wei Li").at(T0);
        Payout viaFront = payout("acct-3").to("bank-8").holder("Sam Smith").via("Pacific Trading Co. Limited", "HK").at(T0);

        assertThat(list.match(toAddress)).singleElement().satisfies(m -> {
            assertThat(m.field()).isEqualTo("instrument");
            assertThat(m.how()).isEqualTo(WatchList.SAME_INSTRUMENT);
            assertThat(m.reason()).isEqualTo("instrument '1TestXbtAddr9fixture0000000000000' matches"
                    + " '1TestXbtAddr9fixture0000000000000' (same instrument) on OFAC-SDN #90002 LI, Wei [CYBER2]");
        });
        assertThat(list.match(toHolder)).singleElement().satisfies(m -> {
            assertThat(m.field()).isEqualTo("holder");
            assertThat(m.how()).isEqualTo(WatchList.SAME_NAME);
        });
        assertThat(list.match(viaFront)).singleElement().satisfies(m -> {
            assertThat(m.field()).isEqualTo("intermediary");
            assertThat(m.listed()).isEqualTo("PACIFIC TRADING COMPANY LIMITED");
            assertThat(m.how()).isEqualTo(WatchList.SAME_ALIAS);
            assertThat(m.entry().id()).isEqualTo("90001");
        });
    }

    @Test
    void theDprkItWorkerFrontMatchesUnderItsAliasAndItsAddresses() throws IOException {
        WatchList list = new WatchList(sdnCsv().entries());

        assertThat(list.matchName("holder", "Jinyong I.T. Cooperation Co., Ltd")).singleElement()
                .satisfies(m -> assertThat(m.entry().programs()).containsExactly("DPRK2", "DPRK4"));
        assertThat(list.matchName("holder", "Chinyong Information Technology Cooperation Company")).hasSize(1);
        assertThat(list.matchInstrument("instrument", "BC1QTESTFIXTURE0000000000000000000000000000"))
                .as("bech32 ignores case").hasSize(1);
        assertThat(list.matchInstrument("instrument", "0x00000000000000000000000000000000000f1a7e"))
                .as("an 0x address ignores its checksum case").hasSize(1);
        assertThat(list.matchInstrument("instrument", "1testxbtaddr9fixture0000000000000"))
                .as("base58 is case-sensitive").isEmpty();
    }

    @Test
    void benignSimilarNamesDoNotMatch() throws IOException {
        WatchList list = new WatchList(sdnCsv().entries());

        assertThat(list.matchName("holder", "Wei Lin")).isEmpty();
        assertThat(list.matchName("holder", "Li Wei Zhang")).as("an extra word is another name").isEmpty();
        assertThat(list.matchName("holder", "Pacific Trade Partners Ltd")).isEmpty();
        assertThat(list.matchName("holder", "Jinyong Information Services")).isEmpty();
        assertThat(list.matchName("holder", "Limited Company")).as("legal forms alone are no name").isEmpty();
        assertThat(list.match(payout("acct-4").to("bank-9").holder("Wei Lin").at(T0))).isEmpty();
    }

    @Test
    void namesMeetAcrossCaseAccentsPunctuationLegalFormsAndWordOrder() {
        assertThat(NameKey.of("KIM, Jong-Un")).isEqualTo(NameKey.of("jong un kim"));
        assertThat(NameKey.of("Pacific Trade Ltd.")).isEqualTo(NameKey.of("PACIFIC TRADE LIMITED"));
        assertThat(NameKey.of("José Álvarez")).isEqualTo(NameKey.of("ALVAREZ, Jose"));
        assertThat(NameKey.of("OOO Vostok")).isEqualTo(NameKey.of("Vostok LLC"));
        assertThat(NameKey.of("Wei Li")).isNotEqualTo(NameKey.of("Wei Lin"));
        assertThat(NameKey.of(" -- ")).isEmpty();
    }

    @Test
    void loginsAndPayoutRequestsFromAListedIpMatchInAnySpellingOfTheAddress() throws IOException {
        WatchList list = new WatchList(plainCsv().entries());

        assertThat(list.match(login("acct-1").fromIp("203.0.113.10", "KP").at(T0))).singleElement()
                .satisfies(m -> assertThat(m.reason()).isEqualTo("ip '203.0.113.10' matches '203.0.113.10' (same IP address) on platform-list #ip-1"));
        assertThat(list.matchIp("ip", "2001:db8::7")).extracting(m -> m.entry().id()).containsExactly("ip-2");
        assertThat(list.match(login("acct-1").fromIp("203.0.113.100", "KP").at(T0))).isEmpty();
    }

    @Test
    void aPlainListsNamesMatchUnderTheirAliasesAndInstrumentRowsAreNoNames() throws IOException {
        WatchList list = new WatchList(plainCsv().entries());

        assertThat(list.matchInstrument("instrument", "op-t0-wallet")).singleElement()
                .satisfies(m -> assertThat(m.entry().citation()).isEqualTo("platform-list #w-1"));
        assertThat(list.matchName("holder", "CHANG, Wei")).extracting(m -> m.entry().id()).containsExactly("n-1");
        assertThat(list.matchName("holder", "op-t0-wallet")).isEmpty();
        assertThat(new WatchList(List.of()).isEmpty()).isTrue();
    }
}
