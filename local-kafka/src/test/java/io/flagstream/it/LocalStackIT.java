package io.flagstream.it;

import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.local.LocalStack;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code flagstream-local up}: the stack it starts takes events from an outside producer that knows only the
 * printed bootstrap servers and registry URL (registering its schemas over HTTP, as Confluent's serializers
 * do), raises the alert, answers {@code /ready}, and is gone after close.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalStackIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOutsideProducerGetsAlertsFromTheStackItPrints() throws Exception {
        String registryUrl;
        try (LocalStack stack = LocalStack.start(Map.of("flagstream.http.port", "0"), Duration.ofMinutes(3))) {
            registryUrl = stack.schemaRegistryUrl();
            assertThat(get("http://127.0.0.1:" + stack.httpPort() + "/ready").statusCode()).isEqualTo(200);

            Topics topics = Topics.create(stack.config().topics(), new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(registryUrl)));
            try (KafkaProducer<String, byte[]> producer = ItKafka.producer(new Environment(stack.bootstrapServers(), registryUrl, List.of()));
                 TopicReader<FraudAlert> alerts = new TopicReader<>(stack.bootstrapServers(), topics.alerts())) {
                ItKafka.send(producer, topics, payout("acct-u1").to("wallet-u").at(T0));
                ItKafka.send(producer, topics, payout("acct-u2").to("wallet-u").at(T0.plus(ofHours(1))));
                ItKafka.send(producer, topics, payout("acct-u3").to("wallet-u").at(T0.plus(ofHours(2))));
                producer.flush();
                await("an A16 alert for wallet-u").atMost(Duration.ofMinutes(2)).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> alerts.poll().stream().map(ConsumerRecord::value).anyMatch(a ->
                                SharedPayoutInstrumentDetector.ID.equals(a.getRuleId()) && "wallet-u".equals(a.getEntity().getId())));
            }
        }
        assertThatThrownBy(() -> get(registryUrl + "/subjects")).as("the registry is stopped with the stack").isInstanceOf(IOException.class);
    }

    private HttpResponse<Void> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
