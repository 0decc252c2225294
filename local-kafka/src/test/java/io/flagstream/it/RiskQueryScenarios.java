package io.flagstream.it;

import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.risk.RiskTopology;
import io.flagstream.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account risk query ({@code GET /accounts/{id}/risk}) of an application run as two instances. */
abstract class RiskQueryScenarios extends ScenarioBase {
    private static final String API_TOKEN = "it-token-0123456789abcdef";

    RiskQueryScenarios(Environment environment, Admin admin) {
        super(environment, admin);
    }

    /**
     * Two instances of one application split the accounts' risk profiles between them, and one of them runs the
     * cluster task: asked either instance, {@code GET /accounts/{id}/risk} gives the same, right answer for every
     * account (forwarded to the owners). While the group rebalances onto the second instance, an answer is the
     * right one or a 503 with Retry-After, never an empty profile read where the account does not live.
     */
    @Test
    void eitherOfTwoInstancesAnswersTheRiskQueryForEveryAccount(@TempDir Path stateDir) throws Exception {
        String run = newRun();
        FlagStreamConfig first = instance(run, stateDir.resolve("first"));
        FlagStreamConfig second = instance(run, stateDir.resolve("second"));
        Topics topics = createAppTopics(first.topics());
        Map<String, List<String>> payers = payersByWallet();
        List<String> accounts = payers.values().stream().flatMap(List::stream).toList();

        try (FlagStreamApp one = start(first);
             KafkaProducer<String, byte[]> producer = producer()) {
            awaitRunning(one, first);
            payInto(producer, topics, payers);
            await("instance one answers for every account alone").atMost(WAIT).pollInterval(POLL)
                    .until(() -> answersRightly(one, payers));

            try (FlagStreamApp two = start(second)) {
                awaitBothRunningWithTasks(one, two, accounts, payers);
                Set<String> owners = accounts.stream().map(a -> one.streams().queryMetadataForKey(RiskTopology.PROFILES_STORE, a,
                        new StringSerializer()).activeHost().toString()).collect(Collectors.toSet());
                assertThat(owners).as("profile owners of the accounts").hasSize(2);

                await("either instance answers for every account, forwarding to the owner").atMost(WAIT).pollInterval(POLL)
                        .until(() -> answersRightly(one, payers) && answersRightly(two, payers));
                for (String account : accounts) {
                    assertThat(JSON.readTree(risk(one, account).body())).as(account).isEqualTo(JSON.readTree(risk(two, account).body()));
                }
                for (FlagStreamApp app : List.of(one, two)) {
                    assertAnAccountWithoutAlertsHasNoRisk(app);
                }
            }
        }
    }

    /**
     * Three wallets, each paid into by three accounts: one A16 alert (weight 10) per wallet names its payers, and its
     * payers form a linked-accounts cluster.
     */
    private static Map<String, List<String>> payersByWallet() {
        Map<String, List<String>> payers = new LinkedHashMap<>();
        for (int w = 1; w <= 3; w++) {
            payers.put("wallet-q" + w, List.of("acct-q" + w + "a", "acct-q" + w + "b", "acct-q" + w + "c"));
        }
        return payers;
    }

    /** Each payer pays into its wallet once, a minute after the previous payer. */
    private static void payInto(KafkaProducer<String, byte[]> producer, Topics topics, Map<String, List<String>> payers) {
        int minute = 0;
        for (var wallet : payers.entrySet()) {
            for (String account : wallet.getValue()) {
                send(producer, topics, payout(account).to(wallet.getKey()).at(T0.plus(ofMinutes(minute++))));
            }
        }
        producer.flush();
    }

    /** Waits for both instances to run with active tasks; meanwhile every answer must be right or a 503 + Retry-After. */
    private static void awaitBothRunningWithTasks(FlagStreamApp one, FlagStreamApp two, List<String> accounts,
                                                  Map<String, List<String>> payers) {
        await("both instances RUNNING, each with active tasks; meanwhile every answer right or 503 + Retry-After")
                .atMost(WAIT).pollInterval(POLL)
                .until(() -> {
                    for (String account : accounts) {
                        assertRightOrRetryLater(risk(one, account), account, payers);
                        assertRightOrRetryLater(risk(two, account), account, payers);
                    }
                    return isRunningWithTasks(one) && isRunningWithTasks(two);
                });
    }

    private static void assertAnAccountWithoutAlertsHasNoRisk(FlagStreamApp app) throws IOException, InterruptedException {
        HttpResponse<String> unknown = risk(app, "acct-nobody");
        assertThat(unknown.statusCode()).as("an account without alerts").isEqualTo(200);
        var body = JSON.readTree(unknown.body());
        assertThat(body.get("score").asDouble()).isZero();
        assertThat(body.get("contributions")).isEmpty();
        assertThat(body.get("cluster").isNull()).isTrue();
    }

    /** One instance of the run's application: its own state directory and data API port, which peers forward to. */
    private FlagStreamConfig instance(String run, Path stateDir) throws IOException {
        Map<String, String> settings = settings(run, "at_least_once", stateDir);
        settings.put("flagstream.http.api.port", String.valueOf(freePort()));
        settings.put("flagstream.http.api.tokens", "it:" + API_TOKEN);
        settings.put("flagstream.http.advertised-host", "127.0.0.1");
        return ConfigLoader.load(settings, Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRunningWithTasks(FlagStreamApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING
                && app.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private static boolean answersRightly(FlagStreamApp app, Map<String, List<String>> payers) throws IOException, InterruptedException {
        for (List<String> accounts : payers.values()) {
            for (String account : accounts) {
                if (!isRight(risk(app, account), account, payers)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The data API with the run's token: the peer forwarding passes it on, so either instance answers every account. */
    private static HttpResponse<String> risk(FlagStreamApp app, String account) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort() + "/accounts/" + account + "/risk"))
                .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Score 10 from the one A16 alert, and linked to the other two payers of its wallet. */
    private static boolean isRight(HttpResponse<String> response, String account, Map<String, List<String>> payers) throws IOException {
        if (response.statusCode() != 200) {
            return false;
        }
        var body = JSON.readTree(response.body());
        List<String> others = payers.values().stream().filter(p -> p.contains(account)).findFirst().orElseThrow()
                .stream().filter(p -> !p.equals(account)).toList();
        var cluster = body.get("cluster");
        return body.get("account").asText().equals(account)
                && body.get("score").asDouble() == 10.0
                && body.get("contributions").size() == 1 && body.get("contributions").get(0).get("ruleId").asText().equals(A16)
                && cluster != null && !cluster.isNull() && cluster.get("size").asInt() == 3
                && JSON.convertValue(cluster.get("linkedAccounts"), new TypeReference<List<String>>() { }).equals(others);
    }

    private static void assertRightOrRetryLater(HttpResponse<String> response, String account, Map<String, List<String>> payers) throws IOException {
        if (response.statusCode() == 503) {
            assertThat(response.headers().firstValue("Retry-After")).as("503 for " + account + " says when to retry").isPresent();
        } else {
            assertThat(isRight(response, account, payers)).as("answer for " + account + ": " + response.statusCode() + " " + response.body()).isTrue();
        }
    }
}
