package io.flagstream.detect;

import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The first step after a re-key: sees every record of the task, before any detector's filter, takes the
 * upstream tasks' stamps ({@link WatermarkStamp}) and forwards each record with the task's {@link Watermark} in
 * a header ({@link Watermark#OBSERVED_HEADER}), which the detectors downstream adopt. Until it has heard from
 * every upstream task (one per input partition: tasks of a restarted app do not all start at once), nothing is
 * late for a minute, then the watermark stays {@link Watermark#MAX_LAG} behind the highest event time.
 */
final class WatermarkObserver<V> extends ContextualFixedKeyProcessor<String, V, V> {
    private final Watermark watermark;

    WatermarkObserver(int upstreamTasks) {
        this.watermark = new Watermark(upstreamTasks);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        long now = context().currentSystemTimeMs();
        watermark.observe(record.timestamp(), record.headers(), null, now);
        context().forward(record.withHeaders(Watermark.observed(record.headers(), watermark.current(now))));
    }
}
