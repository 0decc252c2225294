package io.flagstream.app;

import io.flagstream.config.ConfigException;
import io.flagstream.config.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-up check that the topics exist and the three input topics are co-partitioned. Detectors that combine
 * an account's payouts, logins and changes rely on one account's events meeting in one task; with different
 * partition counts they would not, and the results would be silently wrong, so we refuse to start. Output
 * topics are checked too: a producer writing to a missing topic would only block and time out later. The
 * findings topic is checked only when OCSF output is on; it should be compacted (a warning says when it is not).
 * The live topics (config, allow-list, watch-list, live state) must exist too, and should be compacted, or a change would
 * be lost at the next restart; the config topic must have exactly one partition, so that one task judges every
 * change against every override accepted before it.
 */
public final class TopicsCheck {
    private static final Logger log = LoggerFactory.getLogger(TopicsCheck.class);
    /** How long a missing topic is waited for before start-up is refused. */
    static final Duration MISSING_TOPIC_PATIENCE = Duration.ofSeconds(10);

    private TopicsCheck() {
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic metadata", e);
        }
    }

    /** Checks the topics; returns the input topics' partition count (every re-key has one upstream task per partition). */
    public static int verify(Admin admin, TopicNames topics, boolean findingsEnabled) {
        Map<String, String> settingByTopic = new LinkedHashMap<>();
        settingByTopic.put(topics.payouts(), "flagstream.topics.payouts");
        settingByTopic.put(topics.logins(), "flagstream.topics.logins");
        settingByTopic.put(topics.accountChanges(), "flagstream.topics.account-changes");
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settingByTopic.entrySet()) {
            partitions.put(e.getKey(), partitionCount(admin, e.getKey(), e.getValue()));
        }
        if (partitions.values().stream().distinct().count() > 1) {
            throw new ConfigException("flagstream.topics.*",
                    "input topics must have the same number of partitions (co-partitioned, keyed by account id) but have " + partitions);
        }
        partitionCount(admin, topics.alerts(), "flagstream.topics.alerts");
        partitionCount(admin, topics.deadLetter(), "flagstream.topics.dead-letter");
        if (findingsEnabled) {
            partitionCount(admin, topics.findings(), "flagstream.topics.findings");
            warnUnlessCompacted(admin, topics.findings(), "so it keeps the latest state of every finding");
        }
        int configPartitions = partitionCount(admin, topics.config(), "flagstream.topics.config");
        if (configPartitions != 1) {
            throw new ConfigException("flagstream.topics.config", "names topic '" + topics.config() + "' with " + configPartitions
                    + " partitions; it must have exactly 1 (one checker judges every change against all accepted ones)");
        }
        partitionCount(admin, topics.allowList(), "flagstream.topics.allow-list");
        partitionCount(admin, topics.watchList(), "flagstream.topics.watch-list");
        partitionCount(admin, topics.liveState(), "flagstream.topics.live-state");
        for (String live : List.of(topics.config(), topics.allowList(), topics.watchList(), topics.liveState())) {
            warnUnlessCompacted(admin, live, "so live changes survive a restart");
        }
        partitionCount(admin, topics.audit(), "flagstream.topics.audit");
        warnIfCompacted(admin, topics.audit());
        return partitions.values().iterator().next();
    }

    /** The audit trail is append-only: compaction would keep only the last change per setting or entity. */
    private static void warnIfCompacted(Admin admin, String topic) {
        ConfigEntry policy = cleanupPolicy(admin, topic);
        if (policy != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            log.warn("Topic {} has cleanup.policy={}; use delete (with a long retention): the audit trail must keep every change", topic, policy.value());
        }
    }

    /**
     * Findings and live changes are keyed so that compaction keeps each one's latest state; delete-only loses
     * old ones.
     */
    private static void warnUnlessCompacted(Admin admin, String topic, String why) {
        ConfigEntry policy = cleanupPolicy(admin, topic);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            log.warn("Topic {} has cleanup.policy={}; use compact {}", topic, policy == null ? "?" : policy.value(), why);
        }
    }

    /** The topic's cleanup.policy entry, null when it cannot be read (logged). */
    private static ConfigEntry cleanupPolicy(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Cannot read the cleanup.policy of topic {}: {}", topic, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static int partitionCount(Admin admin, String topic, String setting) {
        long deadline = System.nanoTime() + MISSING_TOPIC_PATIENCE.toNanos();
        while (true) {
            try {
                return describe(admin, topic, setting);
            } catch (UnknownTopicOrPartitionException e) {
                // Metadata of a topic created a moment ago (say by a compose init job) can lag on some brokers.
                if (System.nanoTime() > deadline) {
                    throw new ConfigException(setting, "names topic '" + topic + "', which does not exist");
                }
                pause();
            }
        }
    }

    private static int describe(Admin admin, String topic, String setting) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
                throw unknown;
            }
            // The first request to the brokers: a wrong password or an untrusted certificate shows here, and
            // the operator needs the setting to fix, not a stack trace.
            if (e.getCause() instanceof SaslAuthenticationException refused) {
                throw new ConfigException("flagstream.kafka.sasl.jaas.config", "was refused by the brokers (check the user"
                        + " name and password): " + refused.getMessage());
            }
            if (e.getCause() instanceof SslAuthenticationException tls) {
                throw new ConfigException("flagstream.kafka.ssl.truststore.location", "does not let the TLS handshake with the"
                        + " brokers succeed (does it hold the brokers' CA?): " + tls.getMessage());
            }
            throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s when describing topic " + topic
                    + " (check flagstream.bootstrap.servers)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
