package io.flagstream.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.flagstream.config.ConfigLoader;
import io.flagstream.control.AllowListEntry;
import io.flagstream.serde.RegistryOutageWait;
import io.flagstream.serde.SchemaRegistryException;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** An allow-list entry that arrives while the registry is down is applied once it is back, not dead-lettered. */
class AllowListValidatorOutageTest {
    private static final String TOPIC = "flagstream-allow-list";

    private static final AllowListEntry ENTRY = AllowListEntry.newBuilder()
            .setEntityType("account").setEntityId("acct-1").setReason("payroll provider").setCreatedBy("analyst")
            .setCreatedAt(Times.NOW).setExpiresAt(null).build();

    @Test
    void waitsForTheRegistryAndAcceptsTheEntry() {
        AtomicInteger attempts = new AtomicInteger();
        Deserializer<AllowListEntry> failingTwice = (topic, bytes) -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new SerializationException("Record on topic allow-list: cannot get its writer schema id 3",
                        SchemaRegistryException.unavailable("No schema registry answered", new IOException("refused")));
            }
            return ENTRY;
        };
        Clock clock = Clock.fixed(Times.NOW, ZoneOffset.UTC);
        ChangeSignature signature = new ChangeSignature("outage-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        LiveSettings live = new LiveSettings(ConfigLoader.load(TopologyFixture.baseSettings("outage"), Map.of()), clock);
        AllowListValidator validator = new AllowListValidator(failingTwice, TOPIC, signature, live, clock,
                new RegistryOutageWait(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(5)));
        MockProcessorContext<String, LiveChange> context = new MockProcessorContext<>();
        context.setRecordMetadata(TOPIC, 0, 0);
        validator.init(context);
        byte[] value = {0, 0, 0, 0, 3};
        RecordHeaders headers = new RecordHeaders();
        signature.sign(headers, TOPIC, "account:acct-1", value, "analyst", Times.NOW.toEpochMilli());

        validator.process(new Record<>("account:acct-1", value, Times.NOW.toEpochMilli(), headers));

        assertThat(attempts).hasValue(3);
        assertThat(context.forwarded()).singleElement()
                .satisfies(forwarded -> assertThat(forwarded.record().value().isAccepted()).isTrue());
    }
}
