package io.flagstream.detect.clientfreelancer;

import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFreelancerWindowTest {
    private static final long W = 100;

    private static ObservedEvent link(String id, String account, String role, long t) {
        return new ObservedEvent(id, "payouts", account, t, "card-7", Map.of("role", role));
    }

    @Test
    void aClientAndADifferentFreelancerInOneWindowLink() {
        List<ObservedEvent> events = List.of(link("e1", "c", "CLIENT", 0), link("e2", "f", "FREELANCER", 100));

        assertThat(ClientFreelancerWindow.find(events, 100, W)).hasValueSatisfying(s -> {
            assertThat(s.clients()).containsExactly("c");
            assertThat(s.freelancers()).containsExactly("f");
            assertThat(s.start()).isZero();
            assertThat(s.end()).isEqualTo(100);
        });
    }

    @Test
    void oneAccountOfRoleBothIsNoPair() {
        List<ObservedEvent> events = List.of(link("e1", "b", "BOTH", 0), link("e2", "b", "BOTH", 1));

        assertThat(ClientFreelancerWindow.find(events, 1, W)).isEmpty();
    }

    @Test
    void aBothAccountPairsWithAClient() {
        List<ObservedEvent> events = List.of(link("e1", "b", "BOTH", 0), link("e2", "c", "CLIENT", 1));

        assertThat(ClientFreelancerWindow.find(events, 1, W)).hasValueSatisfying(s -> {
            assertThat(s.clients()).containsExactly("b", "c");
            assertThat(s.freelancers()).containsExactly("b");
            assertThat(s.accounts()).isEqualTo(2);
        });
    }

    @Test
    void eventsOneTickFurtherApartThanTheWindowDoNotLink() {
        List<ObservedEvent> events = List.of(link("e1", "c", "CLIENT", 0), link("e2", "f", "FREELANCER", 101));

        assertThat(ClientFreelancerWindow.find(events, 101, W)).isEmpty();
    }

    @Test
    void theWindowWithTheMostAccountsIsChosen() {
        List<ObservedEvent> events = List.of(link("e1", "c", "CLIENT", 0), link("e2", "f1", "FREELANCER", 50),
                link("e3", "f2", "FREELANCER", 120), link("e4", "c", "CLIENT", 130));

        assertThat(ClientFreelancerWindow.find(events, 50, W)).hasValueSatisfying(s ->
                assertThat(s.events()).extracting(ObservedEvent::getEventId).containsExactly("e2", "e3", "e4"));
    }

    @Test
    void theEvidenceIsTheFirstAndLatestLinkOfEachAccount() {
        List<ObservedEvent> events = List.of(link("e1", "c", "CLIENT", 0), link("e2", "f", "FREELANCER", 10),
                link("e3", "f", "FREELANCER", 20), link("e4", "f", "FREELANCER", 30));

        ClientFreelancerWindow.Selection s = ClientFreelancerWindow.find(events, 30, W).orElseThrow();

        assertThat(ClientFreelancerWindow.linkingEvents(s)).extracting(ObservedEvent::getEventId)
                .containsExactly("e1", "e2", "e4");
    }
}
