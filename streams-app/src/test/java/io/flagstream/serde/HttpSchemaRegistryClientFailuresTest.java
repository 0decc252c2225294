package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.events.Payout;
import io.flagstream.testing.LocalSchemaRegistryServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry in trouble: "not found" is the record's fault and final; no answer, a timeout or a 5xx is the
 * registry's, retried with back-off and reported as transient so the record is kept.
 */
class HttpSchemaRegistryClientFailuresTest {

    private final LocalSchemaRegistryServer server = new LocalSchemaRegistryServer().start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void retriesA5xxWithBackOffAndGetsTheAnswer() {
        int id = server.registry().register("payouts-value", Payout.getClassSchema());
        server.failNext(2, 503);

        assertThat(client(3, Duration.ofMillis(10)).schemaById(id)).isEqualTo(Payout.getClassSchema());
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void reportsA5xxThatOutlastsTheRetriesAsTransient() {
        server.failNext(10, 500);

        assertThatThrownBy(() -> client(2, Duration.ofMillis(10)).schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.isNotFound()).isFalse();
                    assertThat(e.httpStatus()).hasValue(500);
                });
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void doesNotRetryNotFound() {
        assertThatThrownBy(() -> client(3, Duration.ofMillis(10)).schemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRegistryThatIsDownIsTransientAndAnsweringAgainWhenItIsBack() {
        int id = server.registry().register("payouts-value", Payout.getClassSchema());
        HttpSchemaRegistryClient client = client(0, Duration.ZERO);
        server.stop();

        assertThatThrownBy(() -> client.schemaById(id)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.isTransient()).isTrue());
        // Not remembered as missing: the same client reads the id once the registry is back at the same URL.
        server.start();
        assertThat(client.schemaById(id)).isEqualTo(Payout.getClassSchema());
    }

    @Test
    void boundsEachCallByTheTimeoutWhenTheRegistryNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                    SchemaRegistrySettings.forUrl("http://127.0.0.1:" + silent.getLocalPort())
                            .withTimeouts(Duration.ofMillis(300), SchemaRegistrySettings.DEFAULT_MISSING_CACHE_TTL)
                            .withRetries(1, Duration.ofMillis(10)));
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.isTransient()).isTrue());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aSerializerReportsAnOutageAsTransientThroughItsSerializationException() {
        AvroWireSerde<Payout> serde = new AvroWireSerde<>(Payout.class, client(0, Duration.ZERO), false);
        server.stop();

        assertThatThrownBy(() -> serde.deserializer().deserialize("payouts", new byte[] {0, 0, 0, 0, 1, 2}))
                .satisfies(e -> assertThat(SchemaRegistryException.causedByOutage(e)).isTrue())
                .hasMessageStartingWith("Record on topic payouts: cannot get its writer schema id 1");
    }

    private HttpSchemaRegistryClient client(int retries, Duration backoff) {
        return new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(server.url()).withRetries(retries, backoff));
    }
}
