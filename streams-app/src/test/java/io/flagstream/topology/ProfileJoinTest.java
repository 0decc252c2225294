package io.flagstream.topology;

import io.flagstream.config.ConfigLoader;
import io.flagstream.config.ProfileSettings;
import io.flagstream.config.StoreType;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.AccountRole;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.live.LiveSettings;
import io.flagstream.serde.InternalSerdes;
import io.flagstream.state.PayoutContext;
import io.flagstream.testing.Times;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

/** Payouts meet the account profile as it was at the payout's event time, not as it is now. */
class ProfileJoinTest {
    private final InternalSerdes serdes = InternalSerdes.create();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Payout> payouts;
    private final TestInputTopic<String, AccountChange> changes;
    private final TestOutputTopic<String, PayoutContext> contexts;

    ProfileJoinTest() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Payout> p = builder.stream("payouts", Consumed.with(Serdes.String(), serdes.payout()));
        KStream<String, Login> l = builder.stream("logins", Consumed.with(Serdes.String(), serdes.login()));
        KStream<String, AccountChange> c = builder.stream("changes", Consumed.with(Serdes.String(), serdes.accountChange()));
        LiveSettings live = new LiveSettings(ConfigLoader.load(TopologyFixture.baseSettings("profile-join"), Map.of()), Clock.systemUTC());
        DetectorInputs inputs = new DetectorInputs(p, l, c, serdes, live,
                new ProfileSettings(Duration.ofDays(7), Duration.ZERO), new DetectorStores(StoreType.IN_MEMORY), Clock.systemUTC(), 1);
        inputs.payoutContexts().to("contexts", Produced.with(Serdes.String(), serdes.payoutContext()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-join-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("profile-join").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        payouts = driver.createInputTopic("payouts", Serdes.String().serializer(), serdes.payout().serializer());
        changes = driver.createInputTopic("changes", Serdes.String().serializer(), serdes.accountChange().serializer());
        contexts = driver.createOutputTopic("contexts", Serdes.String().deserializer(), serdes.payoutContext().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void send(AccountChange c) {
        changes.pipeInput(c.getAccountId(), c, c.getTimestamp());
    }

    private void send(Payout p) {
        payouts.pipeInput(p.getAccountId(), p, p.getTimestamp());
    }

    @Test
    void aPayoutCarriesTheProfileFactsDetectorsNeed() {
        send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        send(change("acct-1").added("bank-1").at(T0.plus(ofHours(1))));
        send(change("acct-1").added("wallet-2").at(T0.plus(ofHours(2))));
        send(payout("acct-1").to("wallet-2").at(T0.plus(ofHours(3))));

        PayoutContext ctx = contexts.readValue();
        assertThat(ctx.getProfileKnown()).isTrue();
        assertThat(ctx.getRole()).isEqualTo("FREELANCER");
        assertThat(ctx.getDeclaredCountry()).isEqualTo("US");
        assertThat(ctx.getAccountCreatedAt()).isEqualTo(T0.toEpochMilli());
        assertThat(ctx.getInstrumentAddedAt()).isEqualTo(T0.plus(ofHours(2)).toEpochMilli());
        assertThat(ctx.getHasFiatInstrument()).isTrue();
    }

    @Test
    void anOutOfOrderPayoutMeetsTheProfileAsItWasAtItsTime() {
        send(change("acct-1").created(AccountRole.FREELANCER, "US").at(T0));
        send(change("acct-1").kind(AccountChangeKind.PROFILE_UPDATED).at(T0.plus(ofHours(5))));
        AccountChange moved = AccountChange.newBuilder(change("acct-1").kind(AccountChangeKind.ADDRESS_CHANGED).at(T0.plus(ofHours(6))))
                .setDeclaredCountry("RU").build();
        send(moved);
        // made at T0+1h, arrives after the country changed at T0+6h
        send(payout("acct-1").at(T0.plus(ofHours(1))));

        assertThat(contexts.readValue().getDeclaredCountry()).isEqualTo("US");
    }

    @Test
    void aPayoutOfAnAccountWithNoChangesSeenPassesWithAnUnknownProfile() {
        send(payout("acct-9").at(Times.T0));

        PayoutContext ctx = contexts.readValue();
        assertThat(ctx.getProfileKnown()).isFalse();
        assertThat(ctx.getInstrumentAddedAt()).isNull();
    }
}
