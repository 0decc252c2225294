package io.flagstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code -Dlogback.configurationFile=logback-json.xml}: every event one JSON object, levels as in logback.xml. */
class JsonLogFormatTest {

    @Test
    void writesEachEventAsOneJsonObjectWithLevelLoggerAndMessage() throws JoranException, IOException {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogFormatTest.class.getResource("/logback-json.xml"));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> stdout = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
        Logger app = context.getLogger("io.flagstream.app.FlagStreamApp");

        Encoder<ILoggingEvent> encoder = stdout.getEncoder();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), app, Level.INFO, "Kafka Streams state {} -> {}", null,
                new Object[] {"REBALANCING", "RUNNING"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        boolean kafkaInfo = context.getLogger("org.apache.kafka.clients").isInfoEnabled();
        boolean appInfo = app.isInfoEnabled();
        context.stop();

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.flagstream.app.FlagStreamApp");
        assertThat(json.path("message").asText()).isEqualTo("Kafka Streams state {} -> {}");
        assertThat(json.path("arguments").toString()).contains("RUNNING");
        assertThat(appInfo).as("io.flagstream at INFO, as in logback.xml").isTrue();
        assertThat(kafkaInfo).as("Kafka at WARN").isFalse();
    }
}
