package io.flagstream.it;

import static io.flagstream.it.ItKafka.account;
import static io.flagstream.it.ItKafka.eventTime;
import static io.flagstream.it.ItKafka.send;
import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.app.FlagStreamApp;
import io.flagstream.config.ConfigLoader;
import io.flagstream.detect.accountmanyips.AccountManyIpsDetector;
import io.flagstream.detect.clientfreelancer.SharedClientFreelancerInstrumentDetector;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpDetector;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.TopicNames;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.events.AccountRole;
import io.flagstream.local.ProgressWatcher;
import io.flagstream.risk.RiskTopology;
import io.flagstream.serde.HttpSchemaRegistryClient;
import io.flagstream.serde.SchemaRegistryClients;
import io.flagstream.serde.SchemaRegistrySettings;
import io.flagstream.topics.Topic;
import io.flagstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 on a real broker: stop the app, let more than the grace period of events pile up, restart — the
 * same alerts as an uninterrupted run, and nothing dropped as late.
 *
 * <p>One event set, five days of event time (the grace is one day), on input topics of four partitions, read
 * twice by fresh applications with their own topics:
 * <ul>
 *   <li><b>uninterrupted</b>: the app runs while the events arrive in event-time order, half a day at a time,
 *       each half day read before the next is produced (live traffic);
 *   <li><b>backlog</b>: the app is down while every event is produced (partition {@value #BUSY}'s whole span
 *       first, then the others'), then it starts and catches up.
 * </ul>
 *
 * <p>Where the skew comes from. The order of producing across partitions never reaches the app: each
 * partition holds its records in the same order either way. What skews a catch-up is how the app reads
 * it: a stream thread gives every task it runs the same number of records per round, so a task whose
 * partitions are dense in event time falls days behind tasks whose partitions are sparse; and tasks begin
 * when each is ready, not all at once (in one run here, the task of partition 3 sent its first record after
 * the busy task had read all five days). Partition {@value #BUSY} is six times as dense as the others, so
 * the IP- and instrument-keyed tasks get the quiet partitions' records days before the busy partition's
 * records of the same time. The test measures that skew on the repartition topics and requires it to
 * exceed the grace: judged against the newest record seen (before the watermark), those records would be
 * dropped as late.
 *
 * <p>History: it failed on the first watermark (5f60016), which a timeline detector learnt of an upstream task
 * from the first record of it that reached the detector, after the detector's own filters, and until then
 * judged against the tasks it had heard from:
 * <ul>
 *   <li>A5 passes only accounts with a known role. The busy partition's first such record is the planted
 *       freelancer's payout; the client's card, from a quiet partition two days ahead, has set A5's
 *       watermark by then. The payout is dead-lettered LATE and the A5 alert is missing (every run);
 *   <li>tasks do not start together. Four runs with the watermark: 1 LATE twice (A5 only; everything else
 *       the same as uninterrupted), 50 (49 logins of partition 3 at A2, whose task started after the busy
 *       task had read all five days) and 277 (269 of them A2 logins; A16 and A5 alerts missing). Without it
 *       ({@code judgedByWatermark()} false): 266 LATE, A2, A16 and A5 alerts missing.
 * </ul>
 * Both are closed now: a per-task observer right after each re-key sees every record before any filter and
 * waits for all upstream tasks (one per input partition) before its watermark leaves the 7-day allowance.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacklogIT {

    private static final int PARTITIONS = 4;
    /** The partition whose accounts are busy: many events a day. The other partitions are quiet. */
    private static final int BUSY = 0;
    /** {@code flagstream.detectors.grace}, the default. */
    private static final Duration GRACE = ofDays(1);
    private static final Duration SPAN = ofDays(5);
    /**
     * The last event: an hour before now, so that no event is in the future for the broker, and the first,
     * five days earlier, is well inside the input topics' seven-day retention.
     */
    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(ofHours(1));
    private static final Instant T0 = END.minus(SPAN);
    /** The app's wall clock: fixed, so that alerts (detectedAt) of the two runs can be compared whole. */
    private static final Clock CLOCK = Clock.fixed(END, ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(200);

    private static final String A1 = AccountManyIpsDetector.ID;
    private static final String A2 = SharedLoginIpDetector.ID;
    private static final String A5 = SharedClientFreelancerInstrumentDetector.ID;
    private static final String A14 = ContactChurnDetector.ID;
    private static final String A16 = SharedPayoutInstrumentDetector.ID;

    // Planted cases: the IP- and instrument-keyed ones span the busy partition and quiet ones.
    private static final String SHARED_IP = inPartition(1, i -> "203.0.113." + i);
    private static final String IP_USER_BUSY = inPartition(BUSY, i -> "acct-ip-user-a" + i);
    private static final String IP_USER_1 = inPartition(1, i -> "acct-ip-user-b" + i);
    private static final String IP_USER_2 = inPartition(2, i -> "acct-ip-user-c" + i);
    private static final String SHARED_WALLET = "wallet-shared";
    private static final String PAYER_BUSY = inPartition(BUSY, i -> "acct-payer-a" + i);
    private static final String PAYER_1 = inPartition(1, i -> "acct-payer-b" + i);
    private static final String PAYER_3 = inPartition(3, i -> "acct-payer-c" + i);
    private static final String SHARED_CARD = "card-shared";
    private static final String FREELANCER_BUSY = inPartition(BUSY, i -> "acct-freelancer" + i);
    private static final String CLIENT_1 = inPartition(1, i -> "acct-client" + i);
    private static final String CONTACT_CHURNER_BUSY = inPartition(BUSY, i -> "acct-contacts" + i);
    private static final String IP_HOPPER_2 = inPartition(2, i -> "acct-hopper" + i);

    private Environment environment;
    private Admin admin;

    @BeforeAll
    void startEnvironment() {
        environment = Environment.embedded();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, environment.bootstrapServers()));
    }

    @AfterAll
    void stopEnvironment() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        } finally {
            if (environment != null) {
                environment.close();
            }
        }
    }

    @Test
    void aBacklogReadAfterAStopRaisesTheSameAlertsAsAnUninterruptedRunAndDropsNothingAsLate(@TempDir Path dir) {
        List<SpecificRecord> events = events();

        Outcome live = uninterrupted(events, dir.resolve("live"));
        Outcome backlog = backlog(events, dir.resolve("backlog"));

        assertThat(backlog.behindByMoreThanGrace())
                .as("re-keyed records the backlog run's IP- and instrument-keyed tasks got more than the grace (%s) "
                        + "behind a record they had already read (of %d): the skew this test is about", GRACE, backlog.rekeyed())
                .isPositive();
        assertSoftly(softly -> {
            softly.assertThat(live.behindByMoreThanGrace()).as("the same, in the uninterrupted run").isZero();
            for (Outcome run : List.of(live, backlog)) {
                softly.assertThat(run.deadLetterCounts()).as("dead letters of the %s run", run.name()).isEmpty();
                softly.assertThat(run.lateEventsDropped()).as("late-events-dropped-total of the %s run", run.name()).isZero();
                softly.assertThat(run.alerted()).as("(rule, entity) alerted in the %s run", run.name()).contains(
                        A2 + " " + SHARED_IP,
                        A16 + " " + SHARED_WALLET,
                        A5 + " " + SHARED_CARD,
                        A14 + " " + CONTACT_CHURNER_BUSY,
                        A1 + " " + IP_HOPPER_2);
            }
            softly.assertThat(backlog.alerted()).as("(rule, entity) alerted, backlog vs uninterrupted").isEqualTo(live.alerted());
            // A detector's alert id is its episode's start, the earliest evidence of its first detection: the same
            // in both runs here, because every planted case first crosses its threshold with the same events
            // whatever their order. A linked-accounts finding is made from links in the order they arrive, and a
            // backlog delivers them in another order: its id and evidence may differ, its members may not.
            softly.assertThat(backlog.finalRevisions(false)).as("last revision of every detector alert, backlog vs uninterrupted")
                    .isEqualTo(live.finalRevisions(false));
            softly.assertThat(backlog.finalRevisions(true).values()).as("members of every risk and cluster finding, backlog vs uninterrupted")
                    .containsExactlyInAnyOrderElementsOf(live.finalRevisions(true).values());
        });
        assertThat(backlog.alert(A2, SHARED_IP).getAccounts()).containsExactly(IP_USER_BUSY, IP_USER_1, IP_USER_2);
        assertThat(backlog.alert(A16, SHARED_WALLET).getAccounts()).containsExactly(PAYER_BUSY, PAYER_1, PAYER_3);
        assertThat(backlog.alert(A5, SHARED_CARD).getAccounts()).containsExactlyInAnyOrder(FREELANCER_BUSY, CLIENT_1);
    }

    /**
     * Five days of traffic, in event-time order. Busy partition: four accounts, each logging in every 75
     * minutes from its own IP and paying out twice a day into its own bank account; their IPs and banks are
     * chosen so that between them they reach every IP and instrument partition. Each quiet partition: one
     * account logging in every 90 minutes. Gaps longer than A3's 30 minutes, one IP and one instrument per
     * account: the background alone raises nothing. On top, the planted cases.
     */
    private static List<SpecificRecord> events() {
        List<SpecificRecord> events = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            int reach = k;
            String account = inPartition(BUSY, i -> "acct-busy" + reach + "-" + i);
            String ip = inPartition(reach, i -> "198.51.100." + i);
            String bank = inPartition(reach, i -> "bank-busy" + reach + "-" + i);
            every(ofHours(12), T0.plus(ofMinutes(k)), t -> events.add(payout(account).to(bank).at(t)));
            every(ofMinutes(75), T0.plus(ofMinutes(PARTITIONS + k)), t -> events.add(login(account).fromIp(ip, "US").at(t)));
        }
        for (int p = 1; p < PARTITIONS; p++) {
            int partition = p;
            String account = inPartition(partition, i -> "acct-quiet" + partition + "-" + i);
            String ip = inPartition(partition, i -> "192.0.2." + i);
            every(ofMinutes(90), T0.plus(ofMinutes(30 + p)), t -> events.add(login(account).fromIp(ip, "US").at(t)));
        }
        events.addAll(List.of(
                // A2: three accounts, three partitions, one IP within hours on day 3
                login(IP_USER_BUSY).fromIp(SHARED_IP, "NL").at(T0.plus(ofDays(3)).plus(ofHours(1))),
                login(IP_USER_1).fromIp(SHARED_IP, "NL").at(T0.plus(ofDays(3)).plus(ofHours(2))),
                login(IP_USER_2).fromIp(SHARED_IP, "NL").at(T0.plus(ofDays(3)).plus(ofHours(3))),
                // A16: three accounts, three partitions, one wallet; the busy partition's payout two days before the others
                payout(PAYER_BUSY).to(SHARED_WALLET).at(T0.plus(ofDays(2))),
                payout(PAYER_1).to(SHARED_WALLET).at(T0.plus(ofDays(4))),
                payout(PAYER_3).to(SHARED_WALLET).at(T0.plus(ofDays(4)).plus(ofHours(12))),
                // A5: a freelancer (busy partition) paid into the card its client (partition 1) adds two days later
                change(FREELANCER_BUSY).created(AccountRole.FREELANCER, "US").at(T0.plus(ofHours(2))),
                change(CLIENT_1).created(AccountRole.CLIENT, "US").at(T0.plus(ofHours(2))),
                payout(FREELANCER_BUSY).to(SHARED_CARD).at(T0.plus(ofDays(2)).plus(ofHours(6))),
                change(CLIENT_1).added(SHARED_CARD).at(T0.plus(ofDays(4)).plus(ofHours(6))),
                // A14 (account-keyed, busy partition): e-mail, phone, e-mail again within four days
                change(CONTACT_CHURNER_BUSY).emailChanged("email-1").at(T0.plus(ofDays(1))),
                change(CONTACT_CHURNER_BUSY).phoneChanged("phone-1").at(T0.plus(ofDays(2))),
                change(CONTACT_CHURNER_BUSY).emailChanged("email-2").at(T0.plus(ofDays(4))),
                // A1 (account-keyed, quiet partition 2): three IPs in two countries within an hour
                login(IP_HOPPER_2).fromIp("198.18.0.1", "US").at(T0.plus(ofDays(4)).plus(ofHours(1))),
                login(IP_HOPPER_2).fromIp("198.18.0.2", "NL").at(T0.plus(ofDays(4)).plus(ofHours(1)).plus(ofMinutes(20))),
                login(IP_HOPPER_2).fromIp("198.18.0.3", "NL").at(T0.plus(ofDays(4)).plus(ofHours(1)).plus(ofMinutes(40)))));
        events.sort(Comparator.comparing(ItKafka::eventTime));
        return events;
    }

    /** Run A: the app runs while the events arrive in event-time order, half a day at a time. */
    private Outcome uninterrupted(List<SpecificRecord> events, Path stateDir) {
        Run run = newRun("uninterrupted", stateDir);
        try (FlagStreamApp app = run.start(); KafkaProducer<String, byte[]> producer = ItKafka.producer(environment)) {
            for (Instant from = T0; !from.isAfter(END); from = from.plus(ofHours(12))) {
                Instant start = from;
                Instant end = from.plus(ofHours(12));
                events.stream().filter(e -> !eventTime(e).isBefore(start) && eventTime(e).isBefore(end))
                        .forEach(e -> send(producer, run.topics(), e));
                producer.flush();
                run.awaitProcessed();
            }
            return run.outcome(app);
        }
    }

    /**
     * Run B: every event produced while the app is down, the busy partition's five days first, then the
     * rest; then the app starts and catches up.
     */
    private Outcome backlog(List<SpecificRecord> events, Path stateDir) {
        Run run = newRun("backlog", stateDir);
        try (KafkaProducer<String, byte[]> producer = ItKafka.producer(environment)) {
            events.stream().sorted(Comparator.comparing((SpecificRecord e) -> partitionOf(account(e)) != BUSY))
                    .forEach(e -> send(producer, run.topics(), e));
            producer.flush();
        }
        try (FlagStreamApp app = run.start()) {
            run.awaitProcessed();
            return run.outcome(app);
        }
    }

    private Run newRun(String name, Path stateDir) {
        String id = "backlog-it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = ItKafka.settings(environment, id, "at_least_once", stateDir);
        // Repartition records are kept (not purged after commit) so that the skew they were read with can be measured.
        settings.put("flagstream.kafka.repartition.purge.interval.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        FlagStreamConfig config = ConfigLoader.load(settings, Map.of());
        TopicNames names = config.topics();
        ItKafka.createAppTopics(admin, names, PARTITIONS);
        Topics topics = Topics.create(names, new HttpSchemaRegistryClient(SchemaRegistrySettings.forUrl(environment.schemaRegistryUrl())));
        return new Run(name, config, topics);
    }

    /** One application (its own id, topics and state) reading the event set. */
    private final class Run {
        private final String name;
        private final FlagStreamConfig config;
        private final Topics topics;

        Run(String name, FlagStreamConfig config, Topics topics) {
            this.name = name;
            this.config = config;
            this.topics = topics;
        }

        Topics topics() {
            return topics;
        }

        FlagStreamApp start() {
            FlagStreamApp app = FlagStreamApp.start(config, SchemaRegistryClients.create(config.schemaRegistry()), CLOCK);
            await("FlagStream (" + applicationId() + ") reaches RUNNING").atMost(WAIT).pollInterval(POLL)
                    .until(() -> app.streams().state(), state -> state == KafkaStreams.State.RUNNING);
            return app;
        }

        /** Until the app's group has committed every input and repartition record (and so flushed what they caused). */
        void awaitProcessed() {
            TopicNames names = config.topics();
            await("consumer group " + applicationId() + " committed every input and repartition record")
                    .atMost(WAIT).pollInterval(POLL)
                    .until(() -> ProgressWatcher.lag(admin, applicationId(), List.of(names.payouts(), names.logins(),
                            names.accountChanges(), names.config(), names.allowList(), names.watchList())), lag -> lag == 0);
        }

        Outcome outcome(FlagStreamApp app) {
            try (TopicReader<FraudAlert> alerts = new TopicReader<>(environment.bootstrapServers(), topics.alerts());
                 TopicReader<DeadLetter> deadLetters = new TopicReader<>(environment.bootstrapServers(), topics.deadLetter());
                 TopicReader<byte[]> byIp = repartition(DetectorInputs.LOGINS_BY_IP);
                 TopicReader<byte[]> byInstrument = repartition(DetectorInputs.INSTRUMENT_ACTIVITY)) {
                List<TopicReader<?>> readers = List.of(alerts, deadLetters, byIp, byInstrument);
                await("the alert, dead-letter and repartition topics of " + applicationId() + " read to their end")
                        .atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO)
                        .until(() -> readers.stream().allMatch(TopicReader::readToEnd));
                List<ConsumerRecord<String, byte[]>> rekeyed = new ArrayList<>(byIp.records());
                rekeyed.addAll(byInstrument.records());
                return new Outcome(name, lastRevisions(alerts.values()), deadLetters.values(), lateEventsDropped(app),
                        rekeyed.size(), behindByMoreThanGrace(byIp.records()) + behindByMoreThanGrace(byInstrument.records()));
            }
        }

        private TopicReader<byte[]> repartition(String name) {
            return new TopicReader<>(environment.bootstrapServers(),
                    new Topic<>(applicationId() + "-" + name + "-repartition", Serdes.String(), Serdes.ByteArray()));
        }

        private String applicationId() {
            return config.kafka().applicationId();
        }
    }

    /**
     * What one run left behind: the last revision of every alert id, its dead letters and late-event count, and
     * how many re-keyed records reached their task more than the grace behind a record it had already read.
     */
    private record Outcome(String name, Map<String, FraudAlert> lastRevisions, List<DeadLetter> deadLetters,
                           double lateEventsDropped, int rekeyed, long behindByMoreThanGrace) {

        /** Dead letters by error type and source topic (without the run's prefix), e.g. "LATE logins-by-ip-repartition". */
        Map<String, Long> deadLetterCounts() {
            return deadLetters.stream().collect(Collectors.groupingBy(
                    d -> d.getErrorType() + " " + d.getSourceTopic().replaceFirst("^(flagstream-)?backlog-it-[a-z]+-[0-9a-f]+-", ""),
                    TreeMap::new, Collectors.counting()));
        }

        Set<String> alerted() {
            return lastRevisions.values().stream().map(a -> a.getRuleId() + " " + a.getEntity().getId()).collect(Collectors.toSet());
        }

        /**
         * Detector alerts: "rule entity id" → "last revision, status, accounts, evidence event ids". Risk and
         * cluster findings: "rule entity id" → "rule entity status accounts".
         */
        Map<String, String> finalRevisions(boolean findings) {
            return lastRevisions.values().stream().filter(a -> RiskTopology.isFinding(a.getRuleId()) == findings)
                    .collect(Collectors.toMap(a -> a.getRuleId() + " " + a.getEntity().getId() + " " + a.getAlertId(),
                            a -> findings ? a.getRuleId() + " " + a.getEntity().getId() + " " + a.getStatus() + " " + a.getAccounts()
                                    : "r" + a.getRevision() + " " + a.getStatus() + " " + a.getAccounts() + " "
                                            + a.getEvidence().stream().map(Evidence::getEventId).toList(),
                            (a, b) -> a, TreeMap::new));
        }

        FraudAlert alert(String ruleId, String entityId) {
            return lastRevisions.values().stream()
                    .filter(a -> a.getRuleId().equals(ruleId) && a.getEntity().getId().equals(entityId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + ruleId + " alert for " + entityId + " in the " + name + " run"));
        }
    }

    /** The last revision of every alert id, keyed by id. */
    private static Map<String, FraudAlert> lastRevisions(List<FraudAlert> alerts) {
        return alerts.stream().collect(Collectors.toMap(FraudAlert::getAlertId, a -> a,
                (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
    }

    /** The sum of the app's {@code late-events-dropped-total} counters (one per detector and stream thread). */
    private static double lateEventsDropped(FlagStreamApp app) {
        List<Double> counters = app.streams().metrics().values().stream()
                .filter(m -> m.metricName().name().equals("late-events-dropped-total"))
                .map(m -> (Double) m.metricValue()).toList();
        assertThat(counters).as("late-events-dropped-total counters").isNotEmpty();
        return counters.stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Records that arrived more than the grace behind the newest record before them in their partition (the
     * task that reads it): what judging lateness by the newest event seen would drop.
     */
    private static long behindByMoreThanGrace(List<ConsumerRecord<String, byte[]>> records) {
        Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition));
        long behind = 0;
        for (List<ConsumerRecord<String, byte[]>> partition : byPartition.values()) {
            long newest = Long.MIN_VALUE;
            for (ConsumerRecord<String, byte[]> r : partition) {
                if (newest != Long.MIN_VALUE && r.timestamp() < newest - GRACE.toMillis()) {
                    behind++;
                }
                newest = Math.max(newest, r.timestamp());
            }
        }
        return behind;
    }

    /** Calls {@code at} for {@code first}, then every {@code interval}, up to {@link #END}. */
    private static void every(Duration interval, Instant first, Consumer<Instant> at) {
        for (Instant t = first; !t.isAfter(END); t = t.plus(interval)) {
            at.accept(t);
        }
    }

    /** The first of {@code name(1)}, {@code name(2)}, … that the producer's partitioner puts on {@code partition}. */
    private static String inPartition(int partition, IntFunction<String> name) {
        return IntStream.iterate(1, i -> i + 1).mapToObj(name).filter(key -> partitionOf(key) == partition)
                .findFirst().orElseThrow();
    }

    /** The partition of a keyed record, as the producer and Kafka Streams' repartitioning choose it. */
    private static int partitionOf(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }
}
