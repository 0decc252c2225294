package io.flagstream.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flagstream.app.AccountRiskHandler;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GET /accounts/{id}/risk handler against the stores of the production topology (TopologyTestDriver).
 * Forwarding to other instances (queryMetadataForKey + java.net.http) needs two KafkaStreams instances on a
 * broker: {@code RiskQueryScenarios.eitherOfTwoInstancesAnswersTheRiskQueryForEveryAccount} (local-kafka).
 */
class AccountRiskHandlerTest {
    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create(Map.of("flagstream.clusters.min-risk", "5"));

    @Test
    void answersScoreContributionsAndLinkedAccountsFromTheLocalStores() throws Exception {
        for (String account : new String[] {"a", "b", "c"}) {
            fixture.send(payout(account).to("w1").at(T0.plus(Duration.ofMinutes(account.charAt(0) - 'a'))));
        }
        AccountRiskHandler.StoreAccess local = new AccountRiskHandler.StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> local(String store, String key) {
                return fixture.driver.getKeyValueStore(store);
            }

            @Override
            public HostInfo owner(String store, String key) {
                return null;
            }
        };
        AccountRiskHandler handler = new AccountRiskHandler(local, fixture.config.risk(), fixture.config.clusters(), "http", false);

        AccountRiskHandler.Response r = handler.handle("a", "risk", false, null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("account").asText()).isEqualTo("a");
        assertThat(body.get("score").asDouble()).isGreaterThanOrEqualTo(10.0);
        assertThat(body.get("contributions")).anySatisfy(c -> assertThat(c.get("ruleId").asText()).isEqualTo("a16-shared-payout-instrument"));
        assertThat(body.get("cluster").get("linkedAccounts")).extracting(JsonNode::asText).containsExactly("b", "c");
        assertThat(body.get("cluster").get("links")).as("minimal personal data by default: the kind of link, not the shared wallet")
                .isNotEmpty().allSatisfy(l -> assertThat(l.has("value")).isFalse()).allSatisfy(l -> assertThat(l.has("via")).isTrue());

        JsonNode revealed = new ObjectMapper().readTree(new AccountRiskHandler(local, fixture.config.risk(), fixture.config.clusters(), "http", true)
                .handle("a", "risk", false, null).body());
        assertThat(revealed.get("cluster").get("links")).as("flagstream.http.api.show-shared-values=true")
                .allSatisfy(l -> assertThat(l.get("value").asText()).isEqualTo("w1"));

        JsonNode unknown = new ObjectMapper().readTree(handler.handle("nobody", "risk", false, null).body());
        assertThat(unknown.get("score").asDouble()).isZero();
        assertThat(unknown.get("cluster").isNull()).isTrue();
    }
}
