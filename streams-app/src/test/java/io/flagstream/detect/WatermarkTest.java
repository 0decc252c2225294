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
        assertThat(watermark.current()).isEqualTo(Long.MIN_VALUE);
        watermark.observe(5 * DAY, new RecordHeaders(), null);
        watermark.observe(3 * DAY, null, null);

        assertThat(watermark.current()).isEqualTo(5 * DAY);
        assertThat(watermark.highest()).isEqualTo(5 * DAY);
    }

    @Test
    void unstampedRecordsHoldTheWatermarkAtTheSlowestInputPartition() {
        Watermark watermark = new Watermark();
        watermark.observe(5 * DAY, new RecordHeaders(), "logins-0");
        watermark.observe(2 * DAY, new RecordHeaders(), "account-changes-0");

        assertThat(watermark.current()).isEqualTo(2 * DAY);
    }

    @Test
    void aSourceMoreThanTheMaximumLagBehindNoLongerHoldsTheWatermarkBack() {
        Watermark watermark = new Watermark();
        watermark.observe(1 * DAY, stamped("0_1", 1 * DAY), null);
        watermark.observe(1 * DAY + Watermark.MAX_LAG, stamped("0_0", 1 * DAY + Watermark.MAX_LAG), null);
        assertThat(watermark.current()).as("exactly the maximum lag behind: still counted").isEqualTo(1 * DAY);

        watermark.observe(2 * DAY + Watermark.MAX_LAG, stamped("0_0", 2 * DAY + Watermark.MAX_LAG), null);
        assertThat(watermark.current()).as("the quiet task is left out").isEqualTo(2 * DAY + Watermark.MAX_LAG);
    }

    @Test
    void stampedRecordsHoldTheWatermarkAtTheSlowestUpstreamTask() {
        Watermark watermark = new Watermark();
        watermark.observe(5 * DAY, stamped("0_0", 5 * DAY), null);
        watermark.observe(1 * DAY, stamped("0_1", 1 * DAY), null);

        assertThat(watermark.current()).isEqualTo(1 * DAY);
        assertThat(watermark.highest()).isEqualTo(5 * DAY);

        // the slow task catches up: the watermark follows it, the fast one's stamp now bounds it
        watermark.observe(7 * DAY, stamped("0_1", 7 * DAY), null);
        assertThat(watermark.current()).isEqualTo(5 * DAY);
    }

    @Test
    void anUpstreamTaskNeverMovesBackwards() {
        Watermark watermark = new Watermark();
        watermark.observe(4 * DAY, stamped("0_0", 4 * DAY), null);
        watermark.observe(2 * DAY, stamped("0_0", 2 * DAY), null);

        assertThat(watermark.current()).isEqualTo(4 * DAY);
    }

    @Test
    void aStampReplacesAnEarlierOneAndKeepsOtherHeaders() {
        Headers original = new RecordHeaders().add("trace", new byte[] {1});
        Headers restamped = Watermark.stamp(Watermark.stamp(original, "0_0", DAY), "0_3", 2 * DAY);

        assertThat(restamped.headers(Watermark.SOURCE_HEADER)).hasSize(1);
        assertThat(restamped.lastHeader("trace")).isNotNull();
        assertThat(original.lastHeader(Watermark.SOURCE_HEADER)).as("the input's headers are not changed").isNull();
        Watermark watermark = new Watermark();
        watermark.observe(2 * DAY, restamped, "by-ip-0");
        assertThat(watermark.current()).isEqualTo(2 * DAY);
    }

    @Test
    void untilEveryExpectedUpstreamTaskHasReportedTheWatermarkStaysTheMaximumLagBehind() {
        Watermark watermark = new Watermark(3);
        watermark.observe(5 * DAY + Watermark.MAX_LAG, stamped("0_0", 5 * DAY + Watermark.MAX_LAG), null);
        watermark.observe(6 * DAY + Watermark.MAX_LAG, stamped("0_1", 6 * DAY + Watermark.MAX_LAG), null);
        assertThat(watermark.current()).as("0_2 not heard from yet").isEqualTo(6 * DAY);

        watermark.observe(5 * DAY + Watermark.MAX_LAG, stamped("0_2", 5 * DAY + Watermark.MAX_LAG), null);
        assertThat(watermark.current()).isEqualTo(5 * DAY + Watermark.MAX_LAG);
    }

    @Test
    void aWatermarkComputedByTheTasksObserverIsAdoptedOverTheDetectorsOwnView() {
        Watermark observer = new Watermark(2);
        observer.observe(4 * DAY, stamped("0_0", 4 * DAY), null);
        observer.observe(2 * DAY, stamped("0_1", 2 * DAY), null);
        Headers forwarded = Watermark.observed(stamped("0_0", 4 * DAY), observer.current());

        // a detector behind a filter sees only the fast task's record, yet takes the task's watermark
        Watermark detector = new Watermark();
        detector.observe(4 * DAY, forwarded, "by-ip-0");

        assertThat(detector.current()).isEqualTo(2 * DAY);
        assertThat(detector.highest()).isEqualTo(4 * DAY);
    }

    private static Headers stamped(String task, long progress) {
        return Watermark.stamp(new RecordHeaders(), task, progress);
    }
}
