package io.flagstream.detect;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.state.Episode;
import io.flagstream.testing.AlertInbox;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flagstream.testing.Events.allowListed;
import static io.flagstream.testing.Events.payout;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two wall-clock punctuators every {@link DetectorProcessor} schedules, each on its own: the live check
 * (every 10 s) and the purge (every 10 min). No record reaches the detector after the alert opens, so only a
 * punctuation can close it. Each test moves the wall clock to one second before its punctuator is due, then to the
 * second it is due. A16 (three accounts paying into one wallet) is the detector used.
 */
class DetectorProcessorPunctuatorTest {
    private static final String A16 = SharedPayoutInstrumentDetector.ID;

    @RegisterExtension
    final TopologyFixture fixture = TopologyFixture.create();
    private final AlertInbox inbox = fixture.inbox();
    private FraudAlert open;

    @BeforeEach
    void threeAccountsPayIntoOneWallet() {
        for (int i = 1; i <= 3; i++) {
            fixture.send(payout("acct-" + i).to("wallet-9").at(T0.plus(ofHours(i))));
        }
        open = inbox.expectAlert(A16).entity("instrument", "wallet-9").revision(0).status("OPEN").alert();
    }

    @Test
    void theLiveCheckClosesTheAlertOfAnEntityAllowListedSinceWithinTenSecondsOfWallClock() {
        fixture.allowList(allowListed("instrument", "wallet-9"));

        fixture.advanceWallClock(ofSeconds(9));
        inbox.expectNoMoreAlerts(A16);

        fixture.advanceWallClock(ofSeconds(1));
        inbox.expectAlert(A16).alertId(open.getAlertId()).revision(1).status("CLOSED");
        inbox.expectNoMoreAlerts(A16);
    }

    @Test
    void thePurgeClosesAnEpisodeEndedInEventTimeEveryTenMinutesOfWallClock() {
        KeyValueStore<String, Episode> episodes = fixture.driver.getKeyValueStore(DetectorStores.episodesStoreName(A16));
        // Event time moves past the 7 d suppression after the last detection: a payout that detects nothing.
        fixture.send(payout("acct-9").to("bank-other").at(T0.plus(ofDays(8)).plus(ofHours(4))));

        fixture.advanceWallClock(ofMinutes(10).minus(ofSeconds(1)));
        inbox.expectNoMoreAlerts(A16);
        assertThat(episodes.approximateNumEntries()).as("the episode is still kept").isEqualTo(1);

        fixture.advanceWallClock(ofSeconds(1));
        inbox.expectAlert(A16).alertId(open.getAlertId()).revision(1).status("CLOSED");
        inbox.expectNoMoreAlerts(A16);
        assertThat(episodes.approximateNumEntries()).as("the ended episode is forgotten").isZero();
    }
}
