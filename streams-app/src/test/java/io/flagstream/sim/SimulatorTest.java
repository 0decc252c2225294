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
        // The simulator plants no A11/A13/A14/A18/A19 cases yet, and creates every benign account at its start
        // (so each is "new" for A19 during the first week): those detectors stay off here until it does.
        try (TopologyFixture fixture = TopologyFixture.create(Map.of(
                "flagstream.detector.a11-location-mismatch.enabled", "false",
                "flagstream.detector.a13-off-hours.enabled", "false",
                "flagstream.detector.a14-contact-churn.enabled", "false",
                "flagstream.detector.a18-small-payouts-drain.enabled", "false",
                "flagstream.detector.a19-fresh-instrument-payout.enabled", "false"))) {
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
