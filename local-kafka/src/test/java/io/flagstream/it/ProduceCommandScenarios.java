package io.flagstream.it;

import static io.flagstream.it.ItKafka.account;
import static io.flagstream.it.ItKafka.eventTime;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.tools.ToolsCli;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountRole;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline {@code produce} command feeding recorded events to the running app. */
abstract class ProduceCommandScenarios extends ScenarioBase {
    /** The instrument of every recorded event, as the test's builders make it: TestBank, US, Test Holder. */
    private static final String INSTRUMENT = """
            {"type":"BANK_ACCOUNT","fingerprint":"wallet-produced","provider":"TestBank","country":"US","holderName":"Test Holder"}""";

    ProduceCommandScenarios(Environment environment, Admin admin) {
        super(environment, admin);
    }

    /** What the recorded files hold, as the test's builders make it. */
    private record Recorded(AccountChange created, Login residential, Payout first, AccountChange added, Payout second,
                            Login rdp, Payout third) {
        static Recorded events() {
            return new Recorded(
                    change("acct-p1").created(AccountRole.FREELANCER, "US").id("prod-c1").at(T0),
                    login("acct-p1").id("prod-l1").at(T0.plus(ofMinutes(5))),
                    payout("acct-p1").to("wallet-produced").id("prod-p1").at(T0.plus(ofMinutes(10))),
                    change("acct-p2").added("wallet-produced").id("prod-c2").at(T0.plus(ofMinutes(65))),
                    payout("acct-p2").to("wallet-produced").amount("99.95", "USD").id("prod-p2").at(T0.plus(ofMinutes(70)).plusMillis(250)),
                    login("acct-p3").fromIp("203.0.113.10", "NL").ipType(IpType.HOSTING).openPorts(3389).id("prod-l2")
                            .at(T0.plus(ofMinutes(125))),
                    payout("acct-p3").to("wallet-produced").id("prod-p3").at(T0.plus(ofMinutes(130))));
        }
    }

    /**
     * The {@code produce} command as an operator runs it (through the CLI, this run's topics given with
     * {@code --topics}): two recorded files merged by event time, timestamps written as ISO-8601 (UTC and with
     * an offset) and as epoch milliseconds, one bad line. Read back with the app's own serdes through the
     * registry, every good event is on its topic keyed by account at its event time and equal to the event in
     * the file; the bad line is reported and skipped (exit code 0, as documented); the running app then
     * raises the A16 alert the three payouts make, and no produced record becomes a dead letter.
     */
    @Test
    void produceCommandPutsRecordedEventsOnTheInputTopicsForTheApp(@TempDir Path dir) throws Exception {
        FlagStreamConfig config = config("at_least_once", dir.resolve("state"));
        TopicNames names = config.topics();
        Topics topics = createAppTopics(names);
        Recorded events = Recorded.events();
        Path payouts = writePayouts(dir.resolve("payouts.jsonl"), events);
        Path activity = writeActivity(dir.resolve("activity.jsonl"), events);

        Console produce = console("produce", "--events", payouts.toString(), activity.toString(),
                "--bootstrap-servers", environment().bootstrapServers(), "--schema-registry-url", environment().schemaRegistryUrl(),
                "--topics", "payouts=" + names.payouts() + ",logins=" + names.logins() + ",account-changes=" + names.accountChanges());

        assertThat(produce.exitCode()).as("exit code (a bad line is skipped, not fatal)\n" + produce).isZero();
        assertThat(produce.err()).contains("bad line: " + payouts + ":3: field 'amount': 'abc' is not a decimal");
        assertThat(produce.out()).contains("Produced 7 events", names.payouts() + "=3", names.logins() + "=2",
                names.accountChanges() + "=2", "bad lines 1");
        assertEveryGoodEventIsOnItsTopicKeyedByAccountAtItsEventTime(topics, events);
        assertThat(registeredSubjects()).as("subjects in the schema registry: Avro values, plain string keys")
                .contains(names.payouts() + "-value", names.logins() + "-value", names.accountChanges() + "-value")
                .doesNotContain(names.payouts() + "-key", names.logins() + "-key", names.accountChanges() + "-key");
        assertTheAppAlertsOnTheProducedPayouts(config, topics, events);
    }

    /** The payouts, in three timestamp forms and amount spellings, and one bad line (third). */
    private static Path writePayouts(Path file, Recorded e) throws IOException {
        return Files.writeString(file, """
                {"type":"payout","eventId":"prod-p1","accountId":"acct-p1","timestamp":"%s","amount":"250","currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-p2","accountId":"acct-p2","timestamp":%d,"amount":99.95,"currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-bad","accountId":"acct-p2","timestamp":"%s","amount":"abc","currency":"USD","instrument":%s}
                {"type":"payout","eventId":"prod-p3","accountId":"acct-p3","timestamp":"%s","amount":"250.0000","currency":"USD","instrument":%s}
                """.formatted(utc(e.first()), INSTRUMENT, e.second().getTimestamp().toEpochMilli(), INSTRUMENT,
                utc(e.second()), INSTRUMENT, withOffset(e.third(), "+01:00"), INSTRUMENT));
    }

    /** The account changes and logins, one file, with a blank line. */
    private static Path writeActivity(Path file, Recorded e) throws IOException {
        return Files.writeString(file, """
                {"type":"account-change","eventId":"prod-c1","accountId":"acct-p1","timestamp":"%s","kind":"ACCOUNT_CREATED","role":"FREELANCER","declaredCountry":"US"}
                {"type":"login","eventId":"prod-l1","accountId":"acct-p1","timestamp":%d,"kind":"LOGIN_SUCCESS","ip":"198.51.100.1","ipCountry":"US","ipType":"RESIDENTIAL","openPorts":[]}
                {"type":"account-change","eventId":"prod-c2","accountId":"acct-p2","timestamp":"%s","kind":"PAYMENT_METHOD_ADDED","instrument":%s}

                {"type":"login","eventId":"prod-l2","accountId":"acct-p3","timestamp":"%s","kind":"LOGIN_SUCCESS","ip":"203.0.113.10","ipCountry":"NL","ipType":"HOSTING","openPorts":[3389]}
                """.formatted(utc(e.created()), e.residential().getTimestamp().toEpochMilli(), withOffset(e.added(), "-05:00"), INSTRUMENT,
                utc(e.rdp())));
    }

    /** Read back with the app's own serdes through the registry: equal to the events in the files. */
    private void assertEveryGoodEventIsOnItsTopicKeyedByAccountAtItsEventTime(Topics topics, Recorded e) {
        try (TopicReader<Payout> payoutsRead = new TopicReader<>(environment().bootstrapServers(), topics.payouts());
             TopicReader<Login> loginsRead = new TopicReader<>(environment().bootstrapServers(), topics.logins());
             TopicReader<AccountChange> changesRead = new TopicReader<>(environment().bootstrapServers(), topics.accountChanges())) {
            await("the three input topics read to their end").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> payoutsRead.readToEnd() && loginsRead.readToEnd() && changesRead.readToEnd());
            assertThat(payoutsRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(e.first()), keyedAtEventTime(e.second()), keyedAtEventTime(e.third()));
            assertThat(loginsRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(e.residential()), keyedAtEventTime(e.rdp()));
            assertThat(changesRead.records()).extracting(ConsumerRecord::key, ConsumerRecord::timestamp, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(keyedAtEventTime(e.created()), keyedAtEventTime(e.added()));
        }
    }

    /** The running app raises the A16 alert the three payouts make, and no produced record becomes a dead letter. */
    private void assertTheAppAlertsOnTheProducedPayouts(FlagStreamConfig config, Topics topics, Recorded e) {
        TopicNames names = config.topics();
        try (FlagStreamApp app = start(config);
             TopicReader<FraudAlert> alerts = new TopicReader<>(environment().bootstrapServers(), topics.alerts());
             TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment().bootstrapServers(), topics.deadLetter())) {
            awaitRunning(app, config);
            await("an A16 alert for wallet-produced").atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                    .until(() -> entities(alerts.poll()).contains(A16 + " instrument wallet-produced"));
            awaitAllProcessed(config, List.of(names.payouts(), names.logins(), names.accountChanges()), alerts, deadLetters);

            assertThat(alert(alerts.values(), A16, "wallet-produced")).satisfies(a -> {
                assertThat(a.getAccounts()).containsExactly("acct-p1", "acct-p2", "acct-p3");
                assertThat(a.getEvidence()).extracting(Evidence::getEventId).containsExactly("prod-p3", "prod-p2", "prod-p1");
                assertThat(a.getFirstSeen()).isEqualTo(e.first().getTimestamp());
                assertThat(a.getLastSeen()).isEqualTo(e.third().getTimestamp());
            });
            assertThat(deadLetters.records()).as("dead letters: every produced record is usable by the app").isEmpty();
        }
    }

    /** An event time as ISO-8601 in UTC ({@code …Z}). */
    private static String utc(SpecificRecord event) {
        return DateTimeFormatter.ISO_INSTANT.format(eventTime(event));
    }

    /** An event time as ISO-8601 with a UTC offset ({@code …+01:00}): the same instant, written elsewhere. */
    private static String withOffset(SpecificRecord event, String offset) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(eventTime(event).atOffset(ZoneOffset.of(offset)));
    }

    /** What a record produced for {@code event} must be: key = account, record time = event time, value = the event. */
    private static Tuple keyedAtEventTime(SpecificRecord event) {
        return tuple(account(event), eventTime(event).toEpochMilli(), event);
    }

    private record Console(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs a CLI command and captures what it prints: the offline tools write their report to System.out and
     * bad lines to System.err (not to picocli's writers), so both are swapped for the call.
     */
    private static Console console(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exitCode = ToolsCli.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Console console = new Console(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        out.println("flagstream " + args[0] + ": " + console); // kept in the test log
        return console;
    }
}
