package io.flagstream.local;

import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.SimEvent;
import io.flagstream.sim.Simulator;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's period ends recently, yet the same seed plants the same events whatever the day it runs. */
class LocalDemoPeriodTest {
    private static final DayOfWeek REFERENCE = DemoScenario.demo().start().atZone(ZoneOffset.UTC).getDayOfWeek();

    @Test
    void thePeriodStartsOnTheReferenceWeekdayWithinAWeekOfEndingToday() {
        LocalDate today = LocalDate.of(2026, 12, 5);
        for (int d = 0; d < 7; d++) {
            LocalDate day = today.plusDays(d);
            LocalDate start = LocalDemo.periodStart(day, 14).atZone(ZoneOffset.UTC).toLocalDate();

            assertThat(start.getDayOfWeek()).as("start for %s", day).isEqualTo(REFERENCE);
            assertThat(start).as("start for %s", day).isBetween(day.minusDays(14 + 6), day.minusDays(14));
        }
    }

    @Test
    void runOnTwoDaysTenDaysApartTheDemoSimulatesTheSameEventsAWholeNumberOfWeeksApart() {
        Instant first = LocalDemo.periodStart(LocalDate.of(2026, 12, 5), 3);
        Instant second = LocalDemo.periodStart(LocalDate.of(2026, 12, 15), 3);
        long shift = Duration.between(first, second).toMillis();
        assertThat(shift).isPositive().isEqualTo(Duration.ofDays(7).toMillis());

        List<SimEvent> earlier = events(first);
        List<SimEvent> later = events(second);
        assertThat(later).hasSameSizeAs(earlier);
        // Local times are what the simulator draws: a daylight-saving change between the two periods may move an
        // account's events by an hour in UTC, nothing else.
        long hour = Duration.ofHours(1).toMillis();
        for (int i = 0; i < earlier.size(); i++) {
            SimEvent a = earlier.get(i);
            SimEvent b = later.get(i);
            assertThat(b.kind()).isEqualTo(a.kind());
            assertThat(b.accountId()).isEqualTo(a.accountId());
            assertThat(Math.abs(b.timestamp() - a.timestamp() - shift)).as("event %d of %s", i, a.accountId()).isLessThanOrEqualTo(hour);
            assertThat(withoutTimes(b.event())).isEqualTo(withoutTimes(a.event()));
        }
    }

    private static List<SimEvent> events(Instant start) {
        List<SimEvent> events = new ArrayList<>();
        new Simulator(new DemoScenario(42, 200, 3, start, 0)).run(events::add);
        return events;
    }

    /** The record as text with its timestamp field left out. */
    private static String withoutTimes(SpecificRecord event) {
        return event.toString().replaceAll("\"timestamp\": [^,}]+", "");
    }
}
