package io.flagstream.topology;

import io.flagstream.alerts.DeadLetter;
import io.flagstream.errors.DeadLetters;
import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import io.flagstream.testing.TopologyFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style (seeded loops, reproducible by seed): whatever bytes reach an input topic, the decoder never
 * throws out of the topology and every bad record becomes exactly one dead letter. Inputs: random bytes, valid
 * records cut short, valid bodies behind a wrong or unknown schema id, and another event type's record.
 */
class DecoderRobustnessTest {
    private static final int CASES = 300;
    private static final List<String> INPUTS = List.of("payouts", "logins", "account-changes");

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomBytesOnAnyInputAreDeadLetteredOneEach(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = 0; // the wire format's magic byte, so the schema id is looked up too
            }
            fixture.sendRaw(INPUTS.get(random.nextInt(INPUTS.size())), "acct-1", bytes);
        }
        assertEveryRecordDeadLettered(CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5})
    void validRecordsCutShortAreDeadLetteredOneEach(long seed) {
        Random random = new Random(seed);
        byte[] whole = payoutBytes();
        for (int i = 0; i < CASES; i++) {
            fixture.sendRaw("payouts", "acct-1", Arrays.copyOf(whole, random.nextInt(whole.length)));
        }
        assertEveryRecordDeadLettered(CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 7})
    void wrongAndUnknownSchemaIdsAreDeadLetteredOneEach(long seed) {
        Random random = new Random(seed);
        byte[] payout = payoutBytes();
        byte[] loginOnPayouts = fixture.topics.logins().valueSerde().serializer().serialize("logins", aLogin());
        int cases = CASES / 3;
        for (int i = 0; i < cases; i++) {
            byte[] reId = payout.clone();
            ByteBuffer.wrap(reId).putInt(1, random.nextInt()); // someone else's schema, or none
            int own = ByteBuffer.wrap(payout).getInt(1);
            if (ByteBuffer.wrap(reId).getInt(1) == own) {
                ByteBuffer.wrap(reId).putInt(1, own + 1000);
            }
            fixture.sendRaw("payouts", "acct-1", reId);
            fixture.sendRaw("payouts", "acct-1", loginOnPayouts);
            fixture.sendRaw("account-changes", "acct-1", payout);
        }
        assertEveryRecordDeadLettered(3 * cases);
    }

    private void assertEveryRecordDeadLettered(int sent) {
        List<DeadLetter> letters = fixture.deadLetters.readValuesToList();
        assertThat(letters).hasSize(sent);
        assertThat(letters).allSatisfy(d -> assertThat(d.getErrorType()).isIn(DeadLetters.DESERIALIZATION, DeadLetters.VALIDATION));
        fixture.inbox().expectNoMoreAlerts();
    }

    private byte[] payoutBytes() {
        Payout p = payout("acct-1").to("wallet-9").at(T0);
        return fixture.topics.payouts().valueSerde().serializer().serialize("payouts", p);
    }

    private static Login aLogin() {
        return login("acct-1").fromIp("203.0.113.7", "US").at(T0);
    }
}
