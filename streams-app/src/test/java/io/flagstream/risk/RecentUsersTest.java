package io.flagstream.risk;

import io.flagstream.state.AttributeUsers;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What one use of a shared attribute does with its bounded set of recent users. */
class RecentUsersTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long WINDOW = Duration.ofDays(30).toMillis();
    private static final int CAP = 3;

    private final AttributeUsers users = RecentUsers.empty(0);

    private RecentUsers.Outcome use(String account, long t) {
        return RecentUsers.observe(users, account, t, WINDOW, CAP);
    }

    @Test
    void theFirstUserLinksNothingAndEachNewUserLinksToTheNearestInTime() {
        assertThat(use("a", 0).linkTo()).isNull();
        assertThat(use("b", 10 * HOUR).linkTo()).isEqualTo("a");
        assertThat(use("c", 11 * HOUR).linkTo()).isEqualTo("b");
    }

    @Test
    void aKnownUserLinksNothingAndIsRewrittenAtMostOnceADay() {
        use("a", 0);
        use("b", HOUR);
        RecentUsers.Outcome again = use("b", 2 * HOUR);
        assertThat(again.linkTo()).isNull();
        assertThat(again.changed()).as("same day: nothing to write").isFalse();
        assertThat(use("b", 30 * HOUR).changed()).isTrue();
    }

    @Test
    void oneAccountMoreThanTheCapMakesAHubReportedOnceThatLinksNoFurtherAccount() {
        use("a", 0);
        use("b", HOUR);
        use("c", 2 * HOUR);
        RecentUsers.Outcome fourth = use("d", 3 * HOUR);
        assertThat(fourth.linkTo()).isNull();
        assertThat(fourth.hub()).isNotNull();
        assertThat(fourth.hub().accounts()).isEqualTo(4);
        assertThat(fourth.hub().sample()).containsExactly("d", "a", "b", "c");
        assertThat(users.getUsers()).as("a hub keeps no accounts").isEmpty();

        RecentUsers.Outcome fifth = use("e", 4 * HOUR);
        assertThat(fifth.linkTo()).isNull();
        assertThat(fifth.hub()).as("reported once").isNull();
    }

    @Test
    void justAtTheCapTheAttributeStillLinks() {
        use("a", 0);
        use("b", HOUR);
        assertThat(use("c", 2 * HOUR).linkTo()).isEqualTo("b");
        assertThat(users.getHubSince()).isNull();
    }

    @Test
    void usersOutsideTheWindowOfTheNewestUseAreForgottenAndDoNotCount() {
        use("a", 0);
        use("b", HOUR);
        use("c", 2 * HOUR);
        RecentUsers.Outcome late = use("d", WINDOW + 3 * HOUR);
        assertThat(late.hub()).isNull();
        assertThat(late.linkTo()).as("a, b and c used it more than the window before").isNull();
        assertThat(users.getUsers()).hasSize(1);
    }

    @Test
    void theSetNeverHoldsMoreThanTheCap() {
        for (int i = 0; i < 100; i++) {
            use("acct-" + i, i * HOUR);
            assertThat(users.getUsers().size()).isLessThanOrEqualTo(CAP);
        }
    }
}
