package io.flagstream.replay;

import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Event files onto a broker, as a well-behaved producer would send them: value in the Confluent wire format
 * through our {@code AvroWireSerde} (schemas registered or looked up in the registry), key = account id,
 * record timestamp = event time, files merged in event-time order.
 */
public final class EventProducer {
    private EventProducer() {
    }

    /** Sends every event, flushes, and returns the number of records per topic; fails on the first send error. */
    public static Map<String, Long> produce(MergedEvents events, Topics topics, Producer<String, byte[]> producer,
                                            Progress progress) {
        Map<String, Long> sent = new TreeMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long n = 0;
        ReplayEvent e;
        while ((e = events.next()) != null) {
            Topic<String, ?> topic = switch (e.type()) {
                case PAYOUT -> topics.payouts();
                case LOGIN -> topics.logins();
                case ACCOUNT_CHANGE -> topics.accountChanges();
            };
            byte[] value = serialize(topic, e.event());
            producer.send(new ProducerRecord<>(topic.name(), null, e.timestamp(), e.accountId(), value), (md, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
            if (failure.get() != null) {
                break;
            }
            sent.merge(topic.name(), 1L, Long::sum);
            n++;
            if (progress != null) {
                progress.update(n, events.size() == 0 ? Double.NaN : (double) events.bytesRead() / events.size());
            }
        }
        producer.flush();
        if (progress != null) {
            progress.finish();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("send failed: " + failure.get().getMessage(), failure.get());
        }
        return sent;
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] serialize(Topic<String, T> topic, SpecificRecord event) {
        return topic.valueSerde().serializer().serialize(topic.name(), (T) event);
    }
}
