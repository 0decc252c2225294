package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flagstream.events.AccountChange;
import io.flagstream.events.Payout;
import io.flagstream.serde.InMemorySchemaRegistry.Reference;
import io.flagstream.testing.LocalSchemaRegistryServer;
import io.flagstream.testing.LocalSchemaRegistryServer.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schemas that name types registered under other subjects, as the project's own .avsc files are written
 * (Payout and AccountChange use PaymentInstrument) and as Confluent's serializers register them.
 */
class HttpSchemaRegistryClientReferencesTest {

    private static final Path AVRO = Path.of("..", "schemas", "src", "main", "avro", "io", "flagstream", "events");
    private static final String INSTRUMENT_SUBJECT = "io.flagstream.events.PaymentInstrument";
    private static final List<Reference> USES_INSTRUMENT =
            List.of(new Reference("io.flagstream.events.PaymentInstrument", INSTRUMENT_SUBJECT, 1));

    private final LocalSchemaRegistryServer server = new LocalSchemaRegistryServer().start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void resolvesTheReferencesOfASchemaFetchedById() throws IOException {
        server.registry().register(INSTRUMENT_SUBJECT, avsc("common/PaymentInstrument.avsc"), List.of());
        int payoutId = server.registry().register("payouts-value", avsc("Payout.avsc"), USES_INSTRUMENT);

        Schema fetched = client().schemaById(payoutId);

        assertThat(SchemaNormalization.toParsingForm(fetched)).isEqualTo(SchemaNormalization.toParsingForm(Payout.getClassSchema()));
    }

    @Test
    void fetchesEachReferencedVersionOnceForAllTheSchemasThatUseIt() throws IOException {
        server.registry().register(INSTRUMENT_SUBJECT, avsc("common/PaymentInstrument.avsc"), List.of());
        int payoutId = server.registry().register("payouts-value", avsc("Payout.avsc"), USES_INSTRUMENT);
        int changeId = server.registry().register("account-changes-value", avsc("AccountChange.avsc"), USES_INSTRUMENT);
        HttpSchemaRegistryClient client = client();

        for (int i = 0; i < 3; i++) {
            client.schemaById(payoutId);
            client.schemaById(changeId);
        }

        assertThat(server.requests()).extracting(RecordedRequest::method, RecordedRequest::rawPath).containsExactly(
                tuple("GET", "/schemas/ids/" + payoutId),
                tuple("GET", "/subjects/" + INSTRUMENT_SUBJECT + "/versions/1"),
                tuple("GET", "/schemas/ids/" + changeId));
    }

    @Test
    void resolvesReferencesOfReferences() {
        server.registry().register("c", record("C", "{\"name\": \"n\", \"type\": \"int\"}"), List.of());
        server.registry().register("b", record("B", "{\"name\": \"c\", \"type\": \"C\"}"), List.of(new Reference("C", "c", 1)));
        int id = server.registry().register("a-value", record("A", "{\"name\": \"b\", \"type\": \"B\"}, {\"name\": \"c\", \"type\": \"C\"}"),
                List.of(new Reference("B", "b", 1), new Reference("C", "c", 1)));

        Schema a = client().schemaById(id);

        assertThat(a.getField("b").schema().getField("c").schema().getField("n").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(a.getField("c").schema()).isSameAs(a.getField("b").schema().getField("c").schema());
    }

    @Test
    void readsARecordWrittenWithAReferencingSchemaIntoTheGeneratedClass() throws IOException {
        server.registry().register(INSTRUMENT_SUBJECT, avsc("common/PaymentInstrument.avsc"), List.of());
        int payoutId = server.registry().register("payouts-value", avsc("Payout.avsc"), USES_INSTRUMENT);
        byte[] bytes = new AvroWireSerde<>(Payout.class, fixedId(payoutId), false).serializer()
                .serialize("payouts", SampleRecords.payout(1));

        Payout read = new AvroWireSerde<>(Payout.class, client(), false).deserializer().deserialize("payouts", bytes);

        assertThat(read).isEqualTo(SampleRecords.payout(1));
    }

    @Test
    void aMissingIdIsReportedWithTopicAndIdAndAskedForOnlyOncePerTtl() {
        AvroWireSerde<AccountChange> serde = new AvroWireSerde<>(AccountChange.class, client(), false);
        byte[] unknownId = {0, 0, 0, 0, 42, 2};

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("account-changes", unknownId))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Record on topic account-changes: cannot get its writer schema id 42")
                    .hasMessageContaining("40403");
        }

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aMissingIdIsAskedForAgainOnceItsTtlHasPassed() {
        AtomicLong nanoTime = new AtomicLong();
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(server.url())
                .withTimeouts(SchemaRegistrySettings.DEFAULT_TIMEOUT, java.time.Duration.ofSeconds(60)), nanoTime::get);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
        int id = server.registry().register("payouts-value", Payout.getClassSchema());

        assertThatThrownBy(() -> client.schemaById(id)).as("still remembered as missing")
                .hasMessageEndingWith("(remembered)");
        nanoTime.addAndGet(java.time.Duration.ofSeconds(61).toNanos());

        assertThat(client.schemaById(id)).isEqualTo(Payout.getClassSchema());
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void withoutAMissingCacheEveryRecordAsksAgain() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(server.url())
                .withTimeouts(SchemaRegistrySettings.DEFAULT_TIMEOUT, java.time.Duration.ZERO));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.schemaById(42)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.isNotFound()).isTrue());
        }

        assertThat(server.requests()).hasSize(3);
    }

    private HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(server.url()));
    }

    private static String avsc(String file) throws IOException {
        return Files.readString(AVRO.resolve(file));
    }

    private static String record(String name, String fields) {
        return "{\"type\": \"record\", \"name\": \"" + name + "\", \"fields\": [" + fields + "]}";
    }

    /** A writer-side registry that hands out one id: the id the test registered by hand. */
    private static SchemaRegistryClient fixedId(int id) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return id;
            }

            @Override
            public Schema schemaById(int unused) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
