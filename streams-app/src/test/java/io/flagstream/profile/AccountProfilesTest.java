package io.flagstream.profile;

import io.flagstream.events.AccountRole;
import io.flagstream.state.AccountProfile;
import org.junit.jupiter.api.Test;

import static io.flagstream.testing.Events.change;
import static io.flagstream.testing.Times.T0;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

class AccountProfilesTest {
    @Test
    void changesFoldIntoTheProfileAndOnlyOverwriteTheFieldsTheyCarry() {
        AccountProfile p = AccountProfiles.empty("acct-1");
        p = AccountProfiles.apply("acct-1", change("acct-1").created(AccountRole.CLIENT, "DE").at(T0), p);
        p = AccountProfiles.apply("acct-1", change("acct-1").added("bank-1").at(T0.plus(ofHours(1))), p);
        p = AccountProfiles.apply("acct-1", change("acct-1").removed("bank-1").at(T0.plus(ofHours(2))), p);

        assertThat(p.getRole()).isEqualTo("CLIENT");
        assertThat(p.getDeclaredCountry()).isEqualTo("DE");
        assertThat(p.getCreatedAt()).isEqualTo(T0.toEpochMilli());
        assertThat(p.getInstruments().get("bank-1").getRemoved()).isTrue();
        assertThat(p.getInstruments().get("bank-1").getAddedAt()).isEqualTo(T0.plus(ofHours(1)).toEpochMilli());
    }

    @Test
    void aProfileKeepsABoundedNumberOfInstrumentsDroppingRemovedOnesFirst() {
        AccountProfile p = AccountProfiles.empty("acct-1");
        p = AccountProfiles.apply("acct-1", change("acct-1").added("keep-me").at(T0), p);
        p = AccountProfiles.apply("acct-1", change("acct-1").added("removed").at(T0.plusSeconds(1)), p);
        p = AccountProfiles.apply("acct-1", change("acct-1").removed("removed").at(T0.plusSeconds(2)), p);
        for (int i = 0; i < AccountProfiles.MAX_INSTRUMENTS - 1; i++) {
            p = AccountProfiles.apply("acct-1", change("acct-1").added("w" + i).at(T0.plusSeconds(10 + i)), p);
        }

        assertThat(p.getInstruments()).hasSize(AccountProfiles.MAX_INSTRUMENTS)
                .containsKey("keep-me").doesNotContainKey("removed");
    }
}
