package io.flagstream.config;

import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One run's own topics: every topic setting the loader knows is named with the run's prefix. */
class TopicNamesTest {
    @Test
    void prefixedSettingsNameEveryTopicOfTheRun() {
        Map<String, String> settings = new HashMap<>(TopologyFixture.baseSettings("topic-names"));
        settings.putAll(TopicNames.prefixedSettings("run-7-"));

        TopicNames t = ConfigLoader.load(settings, Map.of()).topics();

        assertThat(List.of(t.payouts(), t.logins(), t.accountChanges(), t.alerts(), t.deadLetter(), t.findings(),
                t.config(), t.allowList(), t.watchList(), t.liveState(), t.audit()))
                .containsExactly("run-7-payouts", "run-7-logins", "run-7-account-changes", "run-7-alerts",
                        "run-7-dead-letter", "run-7-findings", "run-7-config", "run-7-allow-list", "run-7-watch-list", "run-7-live-state", "run-7-audit");
    }
}
