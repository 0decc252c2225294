package io.flagstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart in {@code helm/flagstream}: {@code helm lint --strict} passes, and {@code helm template}
 * renders what a FlagStream deployment needs (checked on the parsed manifests, not on text): state on a
 * persistent volume, probes on the app's real endpoints, a grace period longer than the app's close, the
 * heap set below the memory limit, secrets from a Secret, and, when asked for, Strimzi topics with the
 * right cleanup policy and partition counts and a user with the ACLs the app needs.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("helm", "flagstream");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String RELEASE = "fs";
    private static final String NAME = "fs-flagstream";

    @TempDir
    Path tmp;

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void rendersAStatefulSetWithPersistentStateProbesAndAGraceLongerThanTheAppsClose() throws IOException {
        List<JsonNode> manifests = render(template());

        assertThat(kinds(manifests)).containsExactlyInAnyOrder("ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget");
        JsonNode sts = one(manifests, "StatefulSet");
        JsonNode pod = sts.at("/spec/template/spec");
        JsonNode app = pod.at("/containers/0");

        assertThat(sts.at("/spec/serviceName").asText()).isEqualTo(NAME + "-headless");
        assertThat(one(manifests, "Service").at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(one(manifests, "Service").at("/metadata/name").asText()).isEqualTo(NAME + "-headless");

        assertThat(app.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(app.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(app.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        // The app closes Kafka Streams within 30 s after SIGTERM; Kubernetes must not kill it before that.
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isGreaterThan(30);

        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("10Gi");
        assertThat(mounts(app)).containsEntry("state", "/var/lib/flagstream")
                .containsEntry("config", "/etc/flagstream").containsEntry("tmp", "/tmp");
        assertThat(app.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();

        Map<String, String> env = env(app);
        assertThat(env.get("FLAGSTREAM_HTTP_ADVERTISED_HOST")).isEqualTo("$(POD_NAME)." + NAME + "-headless.default.svc");
        assertThat(env.get("JDK_JAVA_OPTIONS")).isEqualTo("-Xmx1536m");
        assertThat(app.at("/resources/limits/memory").asText()).isEqualTo("3Gi");
        assertThat(app.has("envFrom")).as("no Secret configured, none referenced").isFalse();

        String properties = one(manifests, "ConfigMap").at("/data/app.properties").asText();
        assertThat(properties).contains("flagstream.bootstrap.servers=my-cluster-kafka-bootstrap:9093",
                "flagstream.state.dir=/var/lib/flagstream/state", "flagstream.http.port=8080",
                "flagstream.processing.guarantee=exactly_once_v2");
        assertThat(one(manifests, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void takesSecretsFromASecretScrapesThroughAServiceMonitorAndShipsTheAlertRules() throws IOException {
        List<JsonNode> manifests = render(template().withValuesFile(values("""
                secrets:
                  values:
                    FLAGSTREAM_KAFKA_SASL_JAAS_CONFIG: 'ScramLoginModule required username="fs" password="s3cret";'
                serviceMonitor:
                  enabled: true
                prometheusRule:
                  enabled: true
                """)));

        JsonNode secret = one(manifests, "Secret");
        assertThat(secret.at("/stringData/FLAGSTREAM_KAFKA_SASL_JAAS_CONFIG").asText()).contains("password=\"s3cret\"");
        assertThat(one(manifests, "ConfigMap").at("/data/app.properties").asText()).doesNotContain("s3cret");
        JsonNode app = one(manifests, "StatefulSet").at("/spec/template/spec/containers/0");
        assertThat(app.at("/envFrom/0/secretRef/name").asText()).isEqualTo(NAME);

        JsonNode monitor = one(manifests, "ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode rules = one(manifests, "PrometheusRule").at("/spec/groups/0/rules");
        assertThat(rules.findValuesAsText("alert")).contains("FlagStreamDown", "FlagStreamLateEvents");
        assertThat(rules.findValuesAsText("summary")).as("Prometheus templates reach the rules unrendered by Helm")
                .anyMatch(summary -> summary.contains("{{ $labels.instance }}"));
        JsonNode serviceLabels = one(manifests, "Service").at("/metadata/labels");
        monitor.at("/spec/selector/matchLabels").properties().forEach(selector ->
                assertThat(serviceLabels.path(selector.getKey()).asText())
                        .as("the ServiceMonitor's selector %s matches the Service", selector.getKey())
                        .isEqualTo(selector.getValue().asText()));
    }

    @Test
    void createsStrimziTopicsCompactedWhereNeededAndAUserWithTheAppsAcls() throws IOException {
        List<JsonNode> manifests = render(template().withValuesFile(values("""
                strimzi:
                  enabled: true
                  inputPartitions: 12
                """)));

        Map<String, JsonNode> topics = manifests.stream().filter(m -> "KafkaTopic".equals(m.path("kind").asText()))
                .collect(Collectors.toMap(m -> m.at("/spec/topicName").asText(), m -> m.path("spec")));
        assertThat(topics.keySet()).containsExactlyInAnyOrder("payouts", "logins", "account-changes", "flagstream-alerts",
                "flagstream-dead-letter", "flagstream-findings", "flagstream-config", "flagstream-allow-list", "flagstream-watch-list",
                "flagstream-live-state", "flagstream-audit");
        assertThat(List.of("payouts", "logins", "account-changes"))
                .as("inputs co-partitioned").allSatisfy(t -> assertThat(topics.get(t).path("partitions").asInt()).isEqualTo(12));
        assertThat(topics.get("flagstream-config").path("partitions").asInt()).isEqualTo(1);
        assertThat(topics.get("flagstream-audit").path("partitions").asInt()).as("one partition: the trail in one order").isEqualTo(1);
        assertThat(topics.get("flagstream-audit").at("/config/retention.ms").asLong()).as("the audit trail is kept").isEqualTo(-1L);
        assertThat(topics).allSatisfy((name, spec) -> assertThat(spec.at("/config/cleanup.policy").asText())
                .as("cleanup.policy of %s", name)
                .isEqualTo(List.of("flagstream-findings", "flagstream-config", "flagstream-allow-list", "flagstream-watch-list",
                        "flagstream-live-state").contains(name) ? "compact" : ""));

        JsonNode user = one(manifests, "KafkaUser");
        assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-cluster");
        List<String> acls = new ArrayList<>();
        user.at("/spec/authorization/acls").forEach(acl -> acls.add(acl.at("/resource/type").asText() + ":"
                + acl.at("/resource/name").asText() + ":" + acl.at("/resource/patternType").asText() + " "
                + StreamSupport.stream(acl.path("operations").spliterator(), false).map(JsonNode::asText).toList()));
        assertThat(acls).contains(
                "topic:payouts:literal [Describe, Read]",
                "topic:flagstream-watch-list:literal [Describe, Read]",
                "topic:flagstream-findings:literal [Describe, Write]",
                "topic:flagstream-audit:literal [Describe, Write]",
                "topic:flagstream-alerts:literal [Describe, Read, Write]",
                // internal topics, the consumer group and exactly-once transactional ids, all under the application id
                "topic:flagstream:prefix [All]", "group:flagstream:prefix [All]", "transactionalId:flagstream:prefix [All]");
    }

    @Test
    void switchesToJsonLogsOnRequest() throws IOException {
        List<JsonNode> manifests = render(template().withValuesFile(values("logFormat: json\n")));
        assertThat(env(one(manifests, "StatefulSet").at("/spec/template/spec/containers/0")).get("JDK_JAVA_OPTIONS"))
                .isEqualTo("-Xmx1536m -Dlogback.configurationFile=logback-json.xml");
    }

    @Test
    void refusesToRenderWithoutTheBootstrapServers() throws IOException {
        TemplateCommand withoutBrokers = template().withValuesFile(values("""
                config:
                  flagstream.bootstrap.servers: null
                """));
        assertThatThrownBy(withoutBrokers::call).hasMessageContaining("config.flagstream.bootstrap.servers is required");
    }

    @Test
    void refusesSecretsThatAreNotFlagStreamSettings() throws IOException {
        TemplateCommand stray = template().withValuesFile(values("""
                secrets:
                  values:
                    KAFKA_PASSWORD: x
                """));
        assertThatThrownBy(stray::call).hasMessageContaining("secrets.values.KAFKA_PASSWORD");
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace("default");
    }

    private Path values(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), yaml);
    }

    private static List<JsonNode> render(TemplateCommand command) throws IOException {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(command.call())) {
            return docs.readAll().stream().filter(d -> d != null && d.has("kind")).toList();
        }
    }

    private static List<String> kinds(List<JsonNode> manifests) {
        return manifests.stream().map(m -> m.path("kind").asText()).toList();
    }

    private static JsonNode one(List<JsonNode> manifests, String kind) {
        List<JsonNode> found = manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        assertThat(found).as("manifests of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.has("value"))
                .collect(Collectors.toMap(e -> e.path("name").asText(), e -> e.path("value").asText()));
    }

    private static Map<String, String> mounts(JsonNode container) {
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .collect(Collectors.toMap(m -> m.path("name").asText(), m -> m.path("mountPath").asText()));
    }
}
