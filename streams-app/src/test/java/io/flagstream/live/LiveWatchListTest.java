package io.flagstream.live;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.control.WatchListItem;
import io.flagstream.detect.watchlistmatch.WatchListMatchDetector;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.flagstream.events.InstrumentType.CRYPTO_WALLET;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Events.watchListed;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

/** Watch-list entries added and removed on the watch-list topic while events flow, next to the list files. */
class LiveWatchListTest {
    private static final String ID = WatchListMatchDetector.ID;
    /** An Ethereum-style address: listed in its EIP-55 mixed case, paid to in lower case. */
    private static final String WALLET = "0x52908400098527886E0F7030069857D2E4169EE7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyFixture fixture = TopologyFixture.create();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aSignedAddMakesTheNextPayoutToThatInstrumentAlertHighCitingTheEntry() {
        fixture.send(payout("acct-1").to(WALLET.toLowerCase(java.util.Locale.ROOT), CRYPTO_WALLET).id("p1").at(T0));
        assertThat(fixture.alerts(ID)).as("not listed yet").isEmpty();

        WatchListItem item = watchListed("CASE-7", "instrument", WALLET);
        item.setPrograms(List.of("CYBER2"));
        fixture.watchList(item);
        fixture.send(payout("acct-1").to(WALLET.toLowerCase(java.util.Locale.ROOT), CRYPTO_WALLET).id("p2").at(T0.plus(ofMinutes(5))));

        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.HIGH);
            assertThat(a.getEntity().getId()).isEqualTo("acct-1");
            assertThat(a.getDescription()).contains("matches '" + WALLET + "' (same instrument) on live-watch-list #CASE-7 [CYBER2]");
            assertThat(a.getEvidence()).singleElement().satisfies(e -> {
                assertThat(e.getEventId()).isEqualTo("p2");
                assertThat(e.getFacts()).containsEntry("watchListEntry", "live-watch-list #CASE-7 [CYBER2]");
            });
        });
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aNameAddedLiveMatchesTheHolderAndAnIntermediaryUnderItsAliasAndAnIpMatchesALogin() {
        WatchListItem name = watchListed("CASE-8", "name", "Pacific Trade Ltd.");
        name.setAliases(List.of("Korea Pacific Trading Company"));
        fixture.watchList(name);
        fixture.watchList(watchListed("CASE-9", "ip", "2001:DB8:0:0::7"));

        fixture.send(
                payout("acct-1").to("bank-1").holder("PACIFIC TRADE LIMITED").id("p1").at(T0),
                payout("acct-2").to("bank-2").holder("Sam Smith").via("Pacific Trading Company, Korea", "HK").id("p2").at(T0),
                payout("acct-3").to("bank-3").holder("Pacific Traders").id("p3").at(T0));
        fixture.send(login("acct-4").fromIp("2001:db8::7", "KP").at(T0));

        List<FraudAlert> alerts = fixture.alerts(ID);
        assertThat(alerts).extracting(a -> a.getEntity().getId()).containsExactly("acct-1", "acct-2", "acct-4");
        assertThat(alerts.get(0).getDescription()).contains("holder 'PACIFIC TRADE LIMITED' matches 'Pacific Trade Ltd.' (same name");
        assertThat(alerts.get(1).getDescription()).contains("intermediary 'Pacific Trading Company, Korea' matches"
                + " 'Korea Pacific Trading Company' (same as a listed alias");
        assertThat(alerts.get(2).getTitle()).isEqualTo("Login from a watch-listed IP address");
        assertThat(alerts.get(2).getDescription()).contains("on live-watch-list #CASE-9");
    }

    @Test
    void liveEntriesMatchNextToTheListFilesAndAnEventMatchingBothCitesBoth() {
        fixture.close();
        fixture = TopologyFixture.create(Map.of("flagstream.detector." + ID + ".lists", resource("/watchlist/plain.csv")));
        fixture.watchList(watchListed("CASE-10", "instrument", "wallet-10"));

        fixture.send(
                payout("acct-1").to("op-t0-wallet").id("p1").at(T0),
                payout("acct-2").to("wallet-10").holder("Chang Wei").id("p2").at(T0));

        List<FraudAlert> alerts = fixture.alerts(ID);
        assertThat(alerts).extracting(a -> a.getEntity().getId()).containsExactly("acct-1", "acct-2");
        assertThat(alerts.get(0).getDescription()).contains("on plain.csv #w-1");
        assertThat(alerts.get(1).getEvidence()).singleElement().satisfies(e -> assertThat(e.getFacts())
                .containsEntry("watchListEntry.1", "plain.csv #n-1 Zhang Wei")
                .containsEntry("watchListEntry.2", "live-watch-list #CASE-10"));
    }

    @Test
    void unsignedAndInvalidEntriesAreDeadLetteredAndAuditedAndNotApplied() {
        String topic = fixture.topics.watchList().name();
        WatchListItem good = watchListed("CASE-11", "instrument", "wallet-11");
        byte[] goodBytes = fixture.topics.watchList().valueSerde().serializer().serialize(topic, good);
        fixture.publishWatchList("CASE-11", goodBytes, new RecordHeaders());
        fixture.publishWatchList("CASE-11", goodBytes, TopologyFixture.signed(topic, "CASE-11", goodBytes, "mallory"));
        fixture.watchList("CASE-12", good);
        fixture.watchList(watchListed("CASE-11", "phone", "wallet-11"));
        fixture.watchList(watchListed("CASE-11", "ip", "203.0.113.0/24"));
        WatchListItem aliased = watchListed("CASE-11", "instrument", "wallet-11");
        aliased.setAliases(List.of("other-wallet"));
        aliased.setReason(" ");
        fixture.watchList(aliased);
        fixture.watchList(watchListed("CASE-11", "name", "--"));
        fixture.publishWatchList("CASE-11", new byte[] {0, 0, 0, 0, 42}, TopologyFixture.signed(topic, "CASE-11",
                new byte[] {0, 0, 0, 0, 42}, TopologyFixture.OPERATOR));

        List<DeadLetter> letters = fixture.deadLetters.readValuesToList();
        assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo(topic));
        assertThat(letters).extracting(DeadLetter::getErrorType).containsExactly("SIGNATURE", "VALIDATION", "VALIDATION",
                "VALIDATION", "VALIDATION", "VALIDATION", "VALIDATION", "DESERIALIZATION");
        assertThat(letters).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).startsWith("unsigned"),
                r -> assertThat(r).isEqualTo("createdBy 'analyst@example.com' differs from the signer 'mallory'"),
                r -> assertThat(r).isEqualTo("record key 'CASE-12' differs from id 'CASE-11'"),
                r -> assertThat(r).isEqualTo("kind must be instrument, name or ip, not 'phone'"),
                r -> assertThat(r).isEqualTo("'203.0.113.0/24' is not one IPv4 or IPv6 address (ranges are not supported)"),
                r -> assertThat(r).isEqualTo("aliases [other-wallet] apply to kind name only, not instrument; empty reason"),
                r -> assertThat(r).isEqualTo("name '--' has no letter or digit: it would match nothing"),
                r -> assertThat(r).isNotBlank());
        assertThat(audit()).hasSize(8).allSatisfy(a -> {
            assertThat(a.get("outcome")).isEqualTo("refused");
            assertThat(a.get("topic")).isEqualTo(topic);
        });
        assertThat(fixture.liveState.isEmpty()).as("nothing reached the live state").isTrue();

        fixture.send(payout("acct-1").to("wallet-11").at(T0));
        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void aSignatureForTheAllowListDoesNotSignTheSameRecordOnTheWatchList() {
        byte[] value = fixture.topics.watchList().valueSerde().serializer().serialize(fixture.topics.watchList().name(),
                watchListed("CASE-12", "instrument", "wallet-12"));
        fixture.publishWatchList("CASE-12", value,
                TopologyFixture.signed(fixture.topics.allowList().name(), "CASE-12", value, "analyst@example.com"));

        assertThat(fixture.deadLetters.readValue().getReason()).startsWith("bad signature (signed by 'analyst@example.com')");
        fixture.send(payout("acct-1").to("wallet-12").at(T0));
        assertThat(fixture.alerts(ID)).isEmpty();
    }

    @Test
    void removingAnEntryStopsItMatchingAndReplacingOneMatchesOnlyTheNewValue() {
        fixture.watchList(watchListed("CASE-13", "instrument", "wallet-13"));
        fixture.send(payout("acct-1").to("wallet-13").at(T0));
        assertThat(fixture.alerts(ID)).hasSize(1);

        fixture.watchList("CASE-13", null);
        fixture.send(payout("acct-2").to("wallet-13").at(T0.plus(ofHours(1))));
        fixture.advanceWallClock(ofSeconds(10)); // the detector's live check: no listed event reached it since
        assertThat(fixture.alerts(ID)).as("removed: acct-1's alert closed, acct-2 not flagged").singleElement().satisfies(close -> {
            assertThat(close.getEntity().getId()).isEqualTo("acct-1");
            assertThat(close.getStatus()).isEqualTo("CLOSED");
        });

        fixture.watchList(watchListed("CASE-14", "instrument", "wallet-14"));
        fixture.watchList(watchListed("CASE-14", "instrument", "wallet-15"));
        fixture.send(payout("acct-3").to("wallet-14").at(T0.plus(ofHours(2))),
                payout("acct-4").to("wallet-15").at(T0.plus(ofHours(2))));
        assertThat(fixture.alerts(ID)).extracting(a -> a.getEntity().getId()).containsExactly("acct-4");

        List<Map<String, String>> audit = audit();
        assertThat(audit).extracting(a -> a.get("outcome")).containsOnly("accepted");
        assertThat(audit.get(1)).satisfies(removal -> {
            assertThat(removal.get("key")).isEqualTo("CASE-13");
            assertThat(removal.get("signedBy")).isEqualTo(TopologyFixture.OPERATOR);
            assertThat(removal.get("oldValue")).contains("wallet-13");
            assertThat(removal.get("newValue")).isNull();
        });
        assertThat(audit.get(3).get("oldValue")).as("the entry it replaced").contains("wallet-14");
        assertThat(audit.get(3).get("newValue")).contains("wallet-15");
    }

    /** An alert that cites a list file's entry besides the live one stands while the file's entry does. */
    @Test
    void anAlertStaysOpenWhileAnotherEntryItCitesIsStillListed() {
        fixture.watchList(watchListed("CASE-18", "instrument", "wallet-18"));
        fixture.watchList(watchListed("CASE-19", "instrument", "wallet-18"));
        fixture.send(payout("acct-1").to("wallet-18").at(T0));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(a -> assertThat(a.getParameters().get("entries"))
                .contains("#CASE-18", "#CASE-19"));

        fixture.watchList("CASE-18", null);
        fixture.advanceWallClock(ofSeconds(10));
        assertThat(fixture.alerts(ID)).as("CASE-19 still lists wallet-18").isEmpty();

        fixture.watchList("CASE-19", null);
        fixture.advanceWallClock(ofSeconds(10));
        assertThat(fixture.alerts(ID)).singleElement().satisfies(close -> assertThat(close.getStatus()).isEqualTo("CLOSED"));
    }

    /**
     * A restart: the entries come back from the compacted live-state topic into the new instance's global store
     * (here: the records the first instance wrote, piped into a second), and match with no change republished.
     */
    @Test
    void aRestartedInstanceMatchesTheEntriesItReadsBackFromTheLiveState() {
        fixture.watchList(watchListed("CASE-16", "instrument", "wallet-16"));
        fixture.watchList(watchListed("CASE-17", "instrument", "wallet-17"));
        fixture.watchList("CASE-17", null);
        List<KeyValue<String, byte[]>> liveState = fixture.liveState.readKeyValuesToList();
        assertThat(liveState).extracting(kv -> kv.key).containsExactly("watch-list:CASE-16", "watch-list:CASE-17", "watch-list:CASE-17");
        fixture.close();

        fixture = TopologyFixture.create();
        liveState.forEach(kv -> fixture.sendRaw(fixture.topics.liveState().name(), kv.key, kv.value));
        fixture.send(payout("acct-1").to("wallet-16").at(T0), payout("acct-2").to("wallet-17").at(T0));

        assertThat(fixture.alerts(ID)).extracting(a -> a.getEntity().getId()).containsExactly("acct-1");
    }

    private List<Map<String, String>> audit() {
        return fixture.audit.readValuesToList().stream().map(LiveWatchListTest::json).toList();
    }

    private static Map<String, String> json(String line) {
        try {
            return JSON.readValue(line, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(LiveWatchListTest.class.getResource(name)).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
