package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class RegistryOutageWaitTest {

    private final RegistryOutageWait wait = new RegistryOutageWait(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void keepsTheRecordAndRetriesUntilTheRegistryAnswers() {
        String decoded = wait.decode("payouts", () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw outage();
            }
            return "event";
        });

        assertThat(decoded).isEqualTo("event");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void passesAnyOtherFailureOnAtOnceToBeDeadLettered() {
        assertThatThrownBy(() -> wait.decode("payouts", () -> {
            attempts.incrementAndGet();
            throw new SerializationException("Record on topic payouts: cannot get its writer schema id 7",
                    new SchemaRegistryException("Schema not found", 404, 40403));
        })).isInstanceOf(SerializationException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void givesUpAfterTheMaximumPauseWithoutSkippingTheRecord() {
        RegistryOutageWait shortPause = new RegistryOutageWait(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));

        assertThatThrownBy(() -> shortPause.decode("payouts", () -> {
            attempts.incrementAndGet();
            throw outage();
        })).isInstanceOf(StreamsException.class)
                .hasMessageContaining("schema.registry.outage.max.pause")
                .hasMessageContaining("topic payouts");
        assertThat(attempts.get()).isGreaterThan(1);
    }

    private static SerializationException outage() {
        return new SerializationException("Record on topic payouts: cannot get its writer schema id 1",
                SchemaRegistryException.unavailable("No schema registry answered GET /schemas/ids/1", new IOException("refused")));
    }
}
