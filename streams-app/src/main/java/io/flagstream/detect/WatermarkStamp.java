package io.flagstream.detect;

import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stamps a record that is about to be re-keyed with this task's progress (its highest event time so far),
 * so the task downstream can take the minimum over its upstream tasks as its {@link Watermark}.
 */
final class WatermarkStamp<V> extends ContextualFixedKeyProcessor<String, V, V> {
    private long progress = Long.MIN_VALUE;

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        progress = Math.max(progress, record.timestamp());
        context().forward(record.withHeaders(Watermark.stamp(record.headers(), context().taskId().toString(), progress)));
    }
}
