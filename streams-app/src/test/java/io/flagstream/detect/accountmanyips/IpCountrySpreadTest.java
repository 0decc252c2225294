package io.flagstream.detect.accountmanyips;

import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IpCountrySpreadTest {
    private static final long W = 60;

    private static ObservedEvent login(String id, long t, String ip, String country) {
        Map<String, String> facts = new HashMap<>();
        facts.put("ip", ip);
        if (country != null) {
            facts.put("ipCountry", country);
        }
        return new ObservedEvent(id, "logins", "acct-1", t, ip, facts);
    }

    @Test
    void findsAWindowMeetingBothThresholds() {
        List<ObservedEvent> events = List.of(login("a", 0, "ip1", "US"), login("b", 30, "ip2", "CN"), login("c", 60, "ip3", "US"));

        assertThat(IpCountrySpread.satisfying(events, 60, W, 3, 2)).hasValueSatisfying(s -> {
            assertThat(s.ips()).isEqualTo(3);
            assertThat(s.countries()).isEqualTo(2);
            assertThat(s.start()).isZero();
            assertThat(s.end()).isEqualTo(60);
            assertThat(s.events()).extracting(ObservedEvent::getEventId).containsExactly("a", "b", "c");
        });
    }

    @Test
    void theWindowWithMostIpsNeedNotBeTheOneWithEnoughCountries() {
        // [0,60]: ip1..ip3 all US (3 IPs, 1 country); [20,80]: ip2, ip3 (US) and ip4 (CN): 3 IPs, 2 countries
        List<ObservedEvent> events = List.of(login("a", 0, "ip1", "US"), login("b", 20, "ip2", "US"),
                login("c", 40, "ip3", "US"), login("d", 70, "ip4", "CN"), login("e", 100, "ip5", "CN"));

        assertThat(IpCountrySpread.satisfying(events, 40, W, 3, 2)).hasValueSatisfying(s -> {
            assertThat(s.start()).isEqualTo(20);
            assertThat(s.events()).extracting(ObservedEvent::getEventId).containsExactly("b", "c", "d");
        });
    }

    @Test
    void aWindowMustContainThePivot() {
        List<ObservedEvent> events = List.of(login("a", 0, "ip1", "US"), login("b", 30, "ip2", "CN"),
                login("c", 60, "ip3", "US"), login("d", 200, "ip4", "US"));

        assertThat(IpCountrySpread.satisfying(events, 200, W, 3, 2)).isEmpty();
    }

    @Test
    void loginsWithoutACountryCountAsIpsOnly() {
        List<ObservedEvent> events = List.of(login("a", 0, "ip1", "US"), login("b", 10, "ip2", null), login("c", 20, "ip3", null));

        assertThat(IpCountrySpread.satisfying(events, 20, W, 3, 1)).hasValueSatisfying(s -> {
            assertThat(s.ips()).isEqualTo(3);
            assertThat(s.countries()).isEqualTo(1);
        });
        assertThat(IpCountrySpread.satisfying(events, 20, W, 3, 2)).isEmpty();
    }

    @Test
    void repeatedIpsCountOnce() {
        List<ObservedEvent> events = List.of(login("a", 0, "ip1", "US"), login("b", 10, "ip1", "US"), login("c", 20, "ip2", "CN"));

        assertThat(IpCountrySpread.satisfying(events, 20, W, 3, 2)).isEmpty();
        assertThat(IpCountrySpread.satisfying(events, 20, W, 2, 2)).hasValueSatisfying(s -> assertThat(s.ips()).isEqualTo(2));
    }
}
