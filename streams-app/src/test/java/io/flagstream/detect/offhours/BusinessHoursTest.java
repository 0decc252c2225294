package io.flagstream.detect.offhours;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessHoursTest {
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    private static long utc(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    @Test
    void insideFromTheStartHourUpToButExcludingTheEndHour() {
        BusinessHours hours = new BusinessHours(8, 20);

        assertThat(hours.inside(utc("2026-03-02T12:59:59Z"), BOGOTA)).as("07:59 local").isFalse();
        assertThat(hours.inside(utc("2026-03-02T13:00:00Z"), BOGOTA)).as("08:00 local").isTrue();
        assertThat(hours.inside(utc("2026-03-03T00:59:00Z"), BOGOTA)).as("19:59 local").isTrue();
        assertThat(hours.inside(utc("2026-03-03T01:00:00Z"), BOGOTA)).as("20:00 local").isFalse();
    }

    @Test
    void hoursThatWrapMidnightDescribeANightShift() {
        BusinessHours night = new BusinessHours(22, 6);

        assertThat(night.inside(utc("2026-03-02T04:00:00Z"), ZoneId.of("UTC"))).isTrue();
        assertThat(night.inside(utc("2026-03-02T23:00:00Z"), ZoneId.of("UTC"))).isTrue();
        assertThat(night.inside(utc("2026-03-02T12:00:00Z"), ZoneId.of("UTC"))).isFalse();
    }

    @Test
    void formatsLocalTimesAndRefusesUnknownZones() {
        assertThat(BusinessHours.localTime(utc("2026-03-02T09:00:00Z"), BOGOTA)).isEqualTo("Mon 2026-03-02 04:00");
        assertThat(BusinessHours.zone("Mars/Olympus")).isNull();
        assertThat(BusinessHours.zone(" ")).isNull();
        assertThat(BusinessHours.zone("Asia/Tokyo")).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(new BusinessHours(8, 20).describe()).isEqualTo("08:00-20:00");
    }
}
