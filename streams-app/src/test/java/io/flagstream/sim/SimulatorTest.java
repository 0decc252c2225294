package io.flagstream.sim;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorTest {
    private static final DemoScenario SMALL = new DemoScenario(7, 400, 14, Instant.parse("2026-03-01T00:00:00Z"), 3, 3);

    @Test
    void theSameSeedGivesTheSameEventsAndTruth() {
        List<SimEvent> first = new ArrayList<>();
        List<SimEvent> second = new ArrayList<>();
        List<PlantedCase> truth1 = new Simulator(SMALL).run(first::add);
        List<PlantedCase> truth2 = new Simulator(SMALL).run(second::add);

        assertThat(first).isEqualTo(second);
        assertThat(truth1).isEqualTo(truth2).hasSize(6);
    }

    @Test
    void eventsComeInEventTimeOrderDayByDay() {
        List<Long> times = new ArrayList<>();
        new Simulator(SMALL).run(e -> times.add(e.timestamp()));

        // Sessions of far-west time zones spill a few hours into the next UTC day: bounded disorder.
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isGreaterThan(times.get(i - 1) - 12 * 3_600_000L);
        }
    }

    @Test
    void thePlantedCasesAreFoundWithoutFalseAlerts() {
        // The simulator plants no A5/A8/A9/A12 cases yet, and its households share a bank account held in one
        // member's name (a true A9 pattern) while its operator accounts pay to CN wallets (A8) and to crypto
        // (A12): those detectors stay off here until it plants and scores their cases.
        try (TopologyFixture fixture = TopologyFixture.create(Map.of(
                "flagstream.detector.a5-shared-instrument-client-freelancer.enabled", "false",
                "flagstream.detector.a8-high-risk-destination.enabled", "false",
                "flagstream.detector.a9-payout-name-mismatch.enabled", "false",
                "flagstream.detector.a12-crypto-switch.enabled", "false"))) {
            List<PlantedCase> truth = new Simulator(SMALL).run(e -> {
                switch (e.kind()) {
                    case PAYOUT -> fixture.send((Payout) e.event());
                    case LOGIN -> fixture.send((Login) e.event());
                    case ACCOUNT_CHANGE -> fixture.send((AccountChange) e.event());
                }
            });

            Scorecard card = Scorecard.of(truth, fixture.alerts());
            assertThat(card.missed()).isEmpty();
            assertThat(card.falseAlerts()).isEmpty();
            assertThat(card.foundTotal()).isEqualTo(6);
        }
    }
}
