package io.flagstream.detect;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTest {
    private static final long DAY = 86_400_000L;

    @Test
    void withoutStampsOrPartitionsTheWatermarkIsTheHighestEventTimeSeen() {
        Watermark watermark = new Watermark();
        assertThat(watermark.current(0)).isEqualTo(Long.MIN_VALUE);
        watermark.observe(5 * DAY, new RecordHeaders(), null, 0);
        watermark.observe(3 * DAY, null, null, 0);

        assertThat(watermark.current(0)).isEqualTo(5 * DAY);
        assertThat(watermark.highest()).isEqualTo(5 * DAY);
    }

    @Test
    void unstampedRecordsHoldTheWatermarkAtTheSlowestInputPartition() {
        Watermark watermark = new Watermark();
        watermark.observe(5 * DAY, new RecordHeaders(), "logins-0", 0);
        watermark.observe(2 * DAY, new RecordHeaders(), "account-changes-0", 0);

        assertThat(watermark.current(0)).isEqualTo(2 * DAY);
    }

    @Test
    void aQuietSourceMoreThanTheMaximumLagBehindNoLongerHoldsTheWatermarkBack() {
        Watermark watermark = new Watermark();
        watermark.observe(1 * DAY, stamped("0_1", 1 * DAY), null, 0);
        long later = Watermark.QUIET_MS + 1;
        watermark.observe(1 * DAY + Watermark.MAX_LAG, stamped("0_0", 1 * DAY + Watermark.MAX_LAG), null, later);
        assertThat(watermark.current(later)).as("quiet, but exactly the maximum lag behind: still counted").isEqualTo(1 * DAY);

        watermark.observe(2 * DAY + Watermark.MAX_LAG, stamped("0_0", 2 * DAY + Watermark.MAX_LAG), null, later);
        assertThat(watermark.current(later)).as("the quiet task is left out").isEqualTo(2 * DAY + Watermark.MAX_LAG);
    }

    @Test
    void aSlowSourceThatIsStillSendingHoldsTheWatermarkBackHoweverFarBehind() {
        Watermark watermark = new Watermark();
        watermark.observe(30 * DAY, stamped("0_0", 30 * DAY), null, 1_000);
        watermark.observe(2 * DAY, stamped("0_1", 2 * DAY), null, 1_000);

        assertThat(watermark.current(1_000 + Watermark.QUIET_MS)).isEqualTo(2 * DAY);
    }

    @Test
    void untilEveryExpectedUpstreamTaskHasReportedNothingIsLateForAMinuteThenTheWatermarkStaysTheMaximumLagBehind() {
        Watermark watermark = new Watermark(3);
        watermark.observe(5 * DAY + Watermark.MAX_LAG, stamped("0_0", 5 * DAY + Watermark.MAX_LAG), null, 0);
        watermark.observe(6 * DAY + Watermark.MAX_LAG, stamped("0_1", 6 * DAY + Watermark.MAX_LAG), null, 0);
        assertThat(watermark.current(Watermark.QUIET_MS)).as("0_2 not heard from yet: it may be anywhere behind")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(watermark.current(Watermark.QUIET_MS + 1)).as("0_2 quiet for a minute").isEqualTo(6 * DAY);

        watermark.observe(5 * DAY + Watermark.MAX_LAG, stamped("0_2", 5 * DAY + Watermark.MAX_LAG), null, 0);
        assertThat(watermark.current(Watermark.QUIET_MS + 1)).isEqualTo(5 * DAY + Watermark.MAX_LAG);
    }

    @Test
    void aWatermarkComputedByTheTasksObserverIsAdoptedOverTheDetectorsOwnView() {
        Watermark observer = new Watermark(2);
        observer.observe(4 * DAY, stamped("0_0", 4 * DAY), null, 0);
        observer.observe(2 * DAY, stamped("0_1", 2 * DAY), null, 0);
        Headers forwarded = Watermark.observed(stamped("0_0", 4 * DAY), observer.current(0));

        // a detector behind a filter sees only the fast task's record, yet takes the task's watermark
        Watermark detector = new Watermark();
        detector.observe(4 * DAY, forwarded, "by-ip-0", 0);

        assertThat(detector.current(0)).isEqualTo(2 * DAY);
        assertThat(detector.highest()).isEqualTo(4 * DAY);
    }

    @Test
    void anObserverStillWaitingForUpstreamTasksMakesNothingLateDownstreamEither() {
        Watermark observer = new Watermark(2);
        observer.observe(40 * DAY, stamped("0_0", 40 * DAY), null, 0);
        Headers forwarded = Watermark.observed(stamped("0_0", 40 * DAY), observer.current(0));

        Watermark detector = new Watermark();
        detector.observe(40 * DAY, forwarded, "by-ip-0", 0);

        assertThat(detector.current(0)).as("0_1 may be a month behind: the detector must not judge by 0_0 alone")
                .isEqualTo(Long.MIN_VALUE);
    }

    private static Headers stamped(String task, long progress) {
        return Watermark.stamp(new RecordHeaders(), task, progress);
    }
}
