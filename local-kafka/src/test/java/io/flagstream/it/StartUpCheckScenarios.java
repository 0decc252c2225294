package io.flagstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.config.ConfigException;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app refuses to start on input topics it cannot process together, naming the setting to fix. */
abstract class StartUpCheckScenarios extends ScenarioBase {

    StartUpCheckScenarios(Environment environment, Admin admin) {
        super(environment, admin);
    }

    @Test
    void refusesToStartWhenInputTopicsHaveDifferentPartitionCounts(@TempDir Path stateDir) {
        FlagStreamConfig config = config("at_least_once", stateDir);
        TopicNames names = config.topics();
        createTopics(3, names.payouts(), names.accountChanges(), names.alerts(), names.deadLetter(), names.findings());
        createTopics(2, names.logins());

        assertThatThrownBy(() -> start(config))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo("flagstream.topics.*"))
                .hasMessageContaining("same number of partitions")
                .hasMessageContaining(names.payouts() + "=3")
                .hasMessageContaining(names.logins() + "=2")
                .hasMessageContaining(names.accountChanges() + "=3");
    }

    @Test
    void refusesToStartWhenAnInputTopicIsMissingAndNamesItsSetting(@TempDir Path stateDir) {
        FlagStreamConfig config = config("at_least_once", stateDir);
        TopicNames names = config.topics();
        createTopics(3, names.payouts(), names.accountChanges(), names.alerts(), names.deadLetter(), names.findings());

        assertThatThrownBy(() -> start(config))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo("flagstream.topics.logins"))
                .hasMessageContaining("flagstream.topics.logins")
                .hasMessageContaining("'" + names.logins() + "'")
                .hasMessageContaining("does not exist");
    }

    private void createTopics(int partitions, String... names) {
        ItKafka.createTopics(admin(), partitions, names);
    }
}
