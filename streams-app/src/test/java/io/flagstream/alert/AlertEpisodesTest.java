package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEpisodesTest {
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    private final AlertEpisodes episodes = new AlertEpisodes(store(),
            new AlertFactory(25, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)), Duration.ofDays(7));

    @Test
    void aNewAccountUpdatesTheAlert() {
        assertThat(episodes.admit(draft(payers(0, 3), T0))).isNotNull();

        FraudAlert update = episodes.admit(draft(payers(3, 4), T0 + 1_000));

        assertThat(update.getRevision()).isEqualTo(1);
        assertThat(update.getAccounts()).hasSize(4);
    }

    @Test
    void aHubRevisesItsAlertForEachOfItsFirstEightAccountsThenAtEachPowerOfTwo() {
        List<Integer> revisedAt = new ArrayList<>();
        for (int n = 1; n <= 100; n++) {
            // one more payer per event, as a wallet that many pay into sees them
            FraudAlert alert = episodes.admit(draft(payers(0, n), T0 + n));
            if (alert != null) {
                revisedAt.add(alert.getAccounts().size());
            }
        }
        assertThat(revisedAt).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 64);
    }

    @Test
    void accountsSeenBetweenRevisionsAddUpToTheNext() {
        episodes.admit(draft(payers(0, 8), T0));
        for (int i = 8; i < 15; i++) {
            assertThat(episodes.admit(draft(payers(i, i + 1), T0 + i))).as("payer %d alone", i).isNull();
        }

        FraudAlert update = episodes.admit(draft(payers(15, 16), T0 + 16));

        assertThat(update.getAccounts()).as("the 16th payer: all sixteen named").hasSize(16);
    }

    @Test
    void onceTheAccountListIsFullNewAccountsMakeNoMoreRevisions() {
        FraudAlert first = episodes.admit(draft(payers(0, AlertEpisodes.MAX_ACCOUNTS), T0));
        assertThat(first.getAccounts()).hasSize(AlertEpisodes.MAX_ACCOUNTS);

        // a hub: every further payer is a new account, one event each
        for (int i = 0; i < 50; i++) {
            assertThat(episodes.admit(draft(payers(AlertEpisodes.MAX_ACCOUNTS + i, AlertEpisodes.MAX_ACCOUNTS + i + 1), T0 + i)))
                    .as("payer %d", AlertEpisodes.MAX_ACCOUNTS + i).isNull();
        }
    }

    /** A hub detected every minute does not rewrite its episode each time: its end moves in steps of suppression/64. */
    @Test
    void aSuppressedDetectionMovesTheEpisodesEndOnlyOnceItIsAStepLater() {
        KeyValueStore<String, Episode> store = store();
        AlertEpisodes episodes = episodes(store, new Position());
        long step = Duration.ofDays(7).toMillis() / AlertEpisodes.END_STEPS;
        episodes.admit(draft(payers(0, 3), T0));

        episodes.admit(draft(payersAt(T0 + step - 1), T0 + step - 1));
        assertThat(store.get("instrument:wallet-9").getLastFired()).as("within a step: not written").isEqualTo(T0);

        episodes.admit(draft(payersAt(T0 + step), T0 + step));
        assertThat(store.get("instrument:wallet-9").getLastFired()).as("a step later: written").isEqualTo(T0 + step);
    }

    /** The price of the steps: an episode ends at most one step before suppression has passed since its last detection. */
    @Test
    void anEpisodeEndsNoEarlierThanSuppressionLessOneStepAfterItsLastDetection() {
        KeyValueStore<String, Episode> store = store();
        AlertEpisodes episodes = episodes(store, new Position());
        long suppression = Duration.ofDays(7).toMillis();
        long step = suppression / AlertEpisodes.END_STEPS;
        episodes.admit(draft(payers(0, 3), T0));
        episodes.admit(draft(payersAt(T0 + step - 1), T0 + step - 1));

        assertThat(episodes.purge(T0 + step - 1 + suppression - step)).as("suppression less one step after the last").isEmpty();
        assertThat(episodes.purge(T0 + suppression + 1)).as("suppression after the recorded end").hasSize(1);
    }

    /** The kept list is the first accounts in order, whichever detection brings them: an earlier one still gets in. */
    @Test
    void aFullAccountListTakesInAnAccountThatSortsBeforeItsLastAndLeavesOutOneThatSortsAfter() {
        KeyValueStore<String, Episode> store = store();
        AlertEpisodes episodes = episodes(store, new Position());
        episodes.admit(draft(payers(1, AlertEpisodes.MAX_ACCOUNTS + 1), T0));

        episodes.admit(draft(payers(AlertEpisodes.MAX_ACCOUNTS + 1, AlertEpisodes.MAX_ACCOUNTS + 2), T0 + 1));
        episodes.admit(draft(payers(0, 1), T0 + 2));

        List<String> kept = store.get("instrument:wallet-9").getAccounts();
        assertThat(kept).hasSize(AlertEpisodes.MAX_ACCOUNTS).startsWith("acct-00000")
                .doesNotContain(String.format("acct-%05d", AlertEpisodes.MAX_ACCOUNTS), String.format("acct-%05d", AlertEpisodes.MAX_ACCOUNTS + 1));
    }

    /**
     * At-least-once: a crash after the episode's changelog record was written but before its alert was. The restarted
     * task (a new AlertEpisodes on the restored store) processes the same input record again and must send the alert
     * again, where the episode alone would suppress it. Later records are suppressed as before.
     */
    @Test
    void aDetectionReplayedAfterACrashSendsItsAlertAgainInsteadOfLosingIt() {
        KeyValueStore<String, Episode> store = store();
        Position at = new Position();
        at.offset = 5;
        FraudAlert written = episodes(store, at).admit(draft(payers(0, 3), T0));

        AlertEpisodes restarted = episodes(store, at);
        FraudAlert replayed = restarted.admit(draft(payers(0, 3), T0));
        at.offset = 6;
        FraudAlert next = restarted.admit(draft(payers(0, 3), T0 + 1_000));

        assertThat(replayed).as("the alert the crash may have lost").isEqualTo(written);
        assertThat(next).as("a new record inside the episode").isNull();
    }

    @Test
    void theSameRecordAdmittedTwiceByOneTaskRaisesItsAlertOnce() {
        KeyValueStore<String, Episode> store = store();
        AlertEpisodes episodes = episodes(store, new Position());

        assertThat(episodes.admit(draft(payers(0, 3), T0))).isNotNull();
        assertThat(episodes.admit(draft(payers(0, 3), T0))).isNull();
    }

    @Test
    void aReplayedRevisionIsSentAgainWithItsRevision() {
        KeyValueStore<String, Episode> store = store();
        Position at = new Position();
        AlertEpisodes first = episodes(store, at);
        first.admit(draft(payers(0, 3), T0));
        at.offset = 1;
        FraudAlert revision = first.admit(draft(payers(0, 4), T0 + 1));

        FraudAlert replayed = episodes(store, at).admit(draft(payers(0, 4), T0 + 1));

        assertThat(replayed.getRevision()).isEqualTo(1);
        assertThat(replayed).isEqualTo(revision);
    }

    @Test
    void aDetectionFromAPunctuatorIsNeverTakenForAReplay() {
        KeyValueStore<String, Episode> store = store();
        Position punctuation = new Position();
        punctuation.topic = null;
        punctuation.offset = -1;
        episodes(store, punctuation).admit(draft(payers(0, 3), T0));

        assertThat(episodes(store, punctuation).admit(draft(payers(0, 3), T0 + 1))).isNull();
    }

    /** The input position the task is at, as {@code context::recordMetadata} gives it. */
    private static final class Position {
        String topic = "a16-repartition";
        long offset;

        Optional<RecordMetadata> get() {
            return Optional.of(new RecordMetadata() {
                @Override public String topic() { return topic; }
                @Override public int partition() { return 0; }
                @Override public long offset() { return offset; }
            });
        }
    }

    private static AlertEpisodes episodes(KeyValueStore<String, Episode> store, Position at) {
        return new AlertEpisodes(store, new AlertFactory(25, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)),
                Duration.ofDays(7), at::get);
    }

    private static List<ObservedEvent> payers(int from, int to) {
        List<ObservedEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(new ObservedEvent("p" + i, "payouts", String.format("acct-%05d", i), T0, "wallet-9", Map.of()));
        }
        return events;
    }

    /** The first three payers, detected again at {@code t}. */
    private static List<ObservedEvent> payersAt(long t) {
        return payers(0, 3).stream().map(e -> ObservedEvent.newBuilder(e).setTimestamp(t).build()).toList();
    }

    private static AlertDraft draft(List<ObservedEvent> events, long t) {
        return new AlertDraft("a16-shared-payout-instrument", Indicator.A16, "title", "description", Severity.MEDIUM,
                "instrument", "wallet-9", events, List.of(), Map.of(), t, t);
    }

    private static KeyValueStore<String, Episode> store() {
        KeyValueStore<String, Episode> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("episodes"),
                Serdes.String(), new InternalAvroSerde<>(Episode.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
